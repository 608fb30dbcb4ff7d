// A fixed set of threads that compress blocks for the parallel writers (pgzip, BGZF) and hand the
// results to the sink in input order. Each thread keeps its own State (an encoder whose tables stay
// warm in its core's cache).
#pragma once

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "util/stream_compress.hpp"

namespace kiln::codec {

template <class State>
class BlockWorkers {
 public:
  using Task = std::function<std::string(State&)>;

  // threads 0 = all cores.
  BlockWorkers(ByteSinkFn sink, unsigned threads, std::function<State()> make_state)
      : sink_(std::move(sink)), max_in_flight_(2 * (threads ? threads : std::max(1u, std::thread::hardware_concurrency()))) {
    for (unsigned i = 0; i < max_in_flight_ / 2; ++i)
      threads_.emplace_back([this, make_state] {
        State state = make_state();
        run(state);
      });
  }

  ~BlockWorkers() {
    {
      std::lock_guard lock(mutex_);
      queue_.clear();  // abandoned: the writer failed before collecting them
      stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) t.join();
  }

  BlockWorkers(const BlockWorkers&) = delete;
  BlockWorkers& operator=(const BlockWorkers&) = delete;

  // Queues a block. With two blocks per thread in flight, the oldest is written out first, so the
  // input is read ahead of the output by a bounded amount and the cores do not wait on each other.
  void submit(Task task) {
    if (in_flight_.size() >= max_in_flight_) write_oldest();
    Job job{std::move(task), {}};
    in_flight_.push_back(job.result.get_future());
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(job));
    }
    wake_.notify_one();
  }

  // Writes out every block still in flight; a task's exception is rethrown here.
  void drain() {
    while (!in_flight_.empty()) write_oldest();
  }

 private:
  struct Job {
    Task task;
    std::promise<std::string> result;
  };

  void write_oldest() {
    std::string out = in_flight_.front().get();
    in_flight_.pop_front();
    sink_(out.data(), out.size());
  }

  void run(State& state) {
    for (;;) {
      Job job;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      try {
        job.result.set_value(job.task(state));
      } catch (...) {
        job.result.set_exception(std::current_exception());
      }
    }
  }

  ByteSinkFn sink_;
  const unsigned max_in_flight_;
  std::deque<std::future<std::string>> in_flight_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;  // last: they start once the queue exists
};

}  // namespace kiln::codec

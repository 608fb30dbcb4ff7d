// A fixed set of threads that compress blocks for the parallel writers (pgzip, BGZF). Each thread
// keeps its own State (an encoder whose tables stay warm in its core's cache); each task's result
// comes back through a future, so the writer collects blocks in input order.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kiln::codec {

template <class State>
class BlockWorkers {
 public:
  using Task = std::function<std::string(State&)>;

  BlockWorkers(unsigned threads, std::function<State()> make_state) {
    for (unsigned i = 0; i < threads; ++i)
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

  std::future<std::string> submit(Task task) {
    Job job{std::move(task), {}};
    auto result = job.result.get_future();
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(job));
    }
    wake_.notify_one();
    return result;
  }

 private:
  struct Job {
    Task task;
    std::promise<std::string> result;
  };

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

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;  // last: they start once the queue exists
};

}  // namespace kiln::codec

#include <new>

#include "kiln/error.hpp"
#include "kiln/events.hpp"

namespace kiln {

void rethrow_masked(const EventBus& bus) {
  try {
    throw;
  } catch (const Cancelled&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const TemplateError& e) {
    std::vector<Problem> problems = e.problems();
    for (auto& p : problems) {
      p.path = bus.mask(p.path);
      p.message = bus.mask(p.message);
    }
    throw TemplateError(std::move(problems), e.code());
  } catch (const CommError& e) {
    throw CommError(bus.mask(e.what()));
  } catch (const RemoteError& e) {
    throw RemoteError(bus.mask(e.what()));
  } catch (const Error& e) {
    throw Error(bus.mask(e.what()), e.code());
  } catch (const std::exception& e) {
    throw Error(bus.mask(e.what()));
  }
}

}  // namespace kiln

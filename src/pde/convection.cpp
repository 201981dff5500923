#include "pde/convection.hpp"

#include <sstream>

namespace petnet {

ContinuationParameter Convection::Continuation() const {
  ContinuationParameter c;
  c.name = ParameterName(), c.start = 0.0, c.target = Target(), c.lower = 0.0,
  c.easy = ContinuationParameter::kSmaller;
  return c;
}

std::string Convection::Describe() const {
  std::ostringstream s;
  s << "convection u_t + beta u_x = 0 on [0,2pi] x [0,1], periodic in x, u(x,0) = sin x, beta="
    << Target();
  return s.str();
}

} // namespace petnet

#pragma once
// Errors the user can fix (bad scenario, missing data, corrupt checkpoint): the command
// line prints the message as one line and exits with code 2.
#include <stdexcept>
#include <string>

namespace innate {

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace innate

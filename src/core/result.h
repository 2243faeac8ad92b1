#pragma once
// Result<T>: either a T or an Error (g++ 12 has no std::expected). A fallible call reads
// as one line with TRY:   auto brand = TRY(brands.find(org, id));
#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/error.h"

namespace chorus {

template <class T>
class [[nodiscard]] Result {
public:
    using value_type = T;
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { assert(ok()); return std::get<0>(state_); }
    const T& value() const& { assert(ok()); return std::get<0>(state_); }
    T&& value() && { assert(ok()); return std::get<0>(std::move(state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const& { assert(!ok()); return std::get<1>(state_); }
    Error&& error() && { assert(!ok()); return std::get<1>(std::move(state_)); }

private:
    std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    using value_type = void;
    Result() = default;
    Result(Error error) : error_(std::move(error)), failed_(true) {}

    bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    void value() const { assert(ok()); }
    const Error& error() const& { assert(failed_); return error_; }
    Error&& error() && { assert(failed_); return std::move(error_); }

private:
    Error error_;
    bool failed_ = false;
};

namespace detail {
template <class T> T take_value(Result<T>&& r) { return std::move(r).value(); }
inline void take_value(Result<void>&&) {}
}  // namespace detail

}  // namespace chorus

// Statement expression (GCC/Clang): evaluates to the value, or returns the error from the caller.
#define TRY(expr)                                                         \
    ({                                                                    \
        auto chorus_try_result_ = (expr);                                 \
        if (!chorus_try_result_.ok()) return std::move(chorus_try_result_).error(); \
        ::chorus::detail::take_value(std::move(chorus_try_result_));      \
    })

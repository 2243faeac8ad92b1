#pragma once
// The media store's file work: written atomically (a reader never sees half a file), read
// whole only where the bytes are needed whole, hashed and sniffed as a stream.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace chorus::media {

// Writes `bytes` to `path` through a temporary name and a rename; an existing file is kept.
Result<void> write_file_atomically(const std::string& path, std::string_view bytes);
// Moves a finished file to `path` (same file system); when `path` exists already (the same
// content, stored before), `from` is left for its owner to remove.
Result<void> move_file_into_place(const std::string& from, const std::string& path);
std::optional<std::string> read_whole_file(const std::string& path);
// Up to `count` bytes from the start.
std::optional<std::string> read_file_start(const std::string& path, std::size_t count);
// SHA-256 in hex, read in small pieces.
std::optional<std::string> sha256_of_file(const std::string& path);

}  // namespace chorus::media

#pragma once
// Real media files for tests, made by ffmpeg from its test patterns.
#include <string>

namespace chorus::testing {

std::string read_file(const std::string& path);

// Runs `ffmpeg <input_and_options> <directory>/<name>` and returns the file's bytes, e.g.
// make_media_file(dir, "a.jpg", "-f lavfi -i testsrc=size=640x480 -frames:v 1").
std::string make_media_file(const std::string& directory, const std::string& name, const std::string& input_and_options);

}  // namespace chorus::testing

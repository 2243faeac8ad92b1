#include "media_files.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace chorus::testing {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string make_media_file(const std::string& directory, const std::string& name, const std::string& input_and_options) {
    const std::string path = directory + "/" + name;
    const std::string command = "ffmpeg -hide_banner -loglevel error -y " + input_and_options + " " + path;
    if (std::system(command.c_str()) != 0) throw std::runtime_error("ffmpeg failed: " + command);
    return read_file(path);
}

}  // namespace chorus::testing

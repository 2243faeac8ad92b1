#include "media/files.h"

#include <sodium.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/id.h"

namespace chorus::media {
namespace {

namespace fs = std::filesystem;

Error storage_failed(const std::string& why) {
    return Error{ErrorKind::unavailable, "storage_failed", "The file could not be stored" + why, {}, {}};
}

}  // namespace

Result<void> write_file_atomically(const std::string& path, std::string_view bytes) {
    std::error_code error;
    if (fs::exists(path, error)) return {};
    fs::create_directories(fs::path(path).parent_path(), error);
    const std::string temporary = path + ".part-" + random_secret(6);
    {
        std::ofstream out(temporary, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out) return storage_failed("");
    }
    fs::rename(temporary, path, error);
    if (error) return storage_failed(": " + error.message());
    return {};
}

Result<void> move_file_into_place(const std::string& from, const std::string& path) {
    std::error_code error;
    if (fs::exists(path, error)) return {};
    fs::create_directories(fs::path(path).parent_path(), error);
    fs::rename(from, path, error);
    if (error) return storage_failed(": " + error.message());
    return {};
}

std::optional<std::string> read_whole_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return std::move(bytes).str();
}

std::optional<std::string> read_file_start(const std::string& path, std::size_t count) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string bytes(count, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(count));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return bytes;
}

std::optional<std::string> sha256_of_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    std::array<char, 64 * 1024> piece;
    while (in.read(piece.data(), piece.size()) || in.gcount() > 0)
        crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(piece.data()), static_cast<unsigned long long>(in.gcount()));
    if (in.bad()) return std::nullopt;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state, digest);
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

}  // namespace chorus::media

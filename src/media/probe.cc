#include "media/probe.h"

#include <boost/json.hpp>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <spdlog/spdlog.h>
#include <vips/vips8>

#include <array>
#include <cmath>
#include <mutex>
#include <semaphore>

extern char** environ;

namespace chorus::media {
namespace {

Error unreadable(std::string code, std::string message) { return Error::invalid("file", std::move(code), std::move(message)); }

bool has_gps(vips::VImage& image) {
    gchar** fields = vips_image_get_fields(image.get_image());
    bool found = false;
    for (gchar** field = fields; field && *field; ++field)
        if (std::string_view(*field).find("GPS") != std::string_view::npos) found = true;
    g_strfreev(fields);
    return found;
}

// Runs ffprobe on the file; its JSON, or nullopt when it cannot read it.
std::optional<std::string> ffprobe_json(const std::string& path) {
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) return std::nullopt;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    std::array<const char*, 10> argv{"ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
                                     path.c_str(), nullptr, nullptr};
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, "ffprobe", &actions, nullptr, const_cast<char* const*>(argv.data()), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    if (spawned != 0) {
        close(pipe_fds[0]);
        return std::nullopt;
    }
    std::string out;
    char buffer[4096];
    for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) > 0;) out.append(buffer, static_cast<std::size_t>(n));
    close(pipe_fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
    return out;
}

std::counting_semaphore<DecodeTurn::concurrent_decodes>& decode_turns() {
    static std::counting_semaphore<DecodeTurn::concurrent_decodes> turns(DecodeTurn::concurrent_decodes);
    return turns;
}

}  // namespace

DecodeTurn::DecodeTurn() { decode_turns().acquire(); }
DecodeTurn::~DecodeTurn() { decode_turns().release(); }

void initialise_vips() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (VIPS_INIT("chorus") != 0) vips_error_exit("libvips cannot start");
        // libvips reports damaged files on stderr through GLib; they are the uploader's
        // problem, answered with a 422, so they belong in the debug log only.
        g_log_set_handler("VIPS", static_cast<GLogLevelFlags>(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO),
                          [](const gchar*, GLogLevelFlags, const gchar* message, gpointer) { spdlog::debug("libvips: {}", message); },
                          nullptr);
        vips_cache_set_max(0);  // every file is new: caching operations only holds memory
        vips_concurrency_set(1);
    });
}

std::optional<std::pair<int, int>> image_size(std::string_view bytes) {
    initialise_vips();
    try {
        auto header = vips::VImage::new_from_buffer(bytes.data(), bytes.size(), "");
        return std::pair{header.width(), header.height()};
    } catch (const vips::VError&) {
        vips_error_clear();
        return std::nullopt;
    }
}

Result<MediaInfo> probe_image(const std::string& path, const Sniffed& type, std::int64_t size_bytes, const ProbeLimits& limits) {
    initialise_vips();
    MediaInfo info;
    info.type = type;
    info.size_bytes = size_bytes;
    try {
        auto header = vips::VImage::new_from_file(path.c_str(), vips::VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL));
        info.width = header.width();
        info.height = header.height();
        if (header.get_typeof("n-pages") != 0) info.frames = std::max(1, header.get_int("n-pages"));
        const std::int64_t pixels = std::int64_t{info.width} * info.height * info.frames;
        if (pixels > limits.max_pixels)
            return unreadable("too_many_pixels", "The image would decode to " + std::to_string(pixels) +
                                                     " pixels; the most accepted is " + std::to_string(limits.max_pixels));
        info.has_location = has_gps(header);
        // Decode every pixel once, top to bottom: a truncated or corrupt file fails here, not
        // when publishing.
        DecodeTurn turn;
        auto full = vips::VImage::new_from_file(
            path.c_str(), vips::VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL)->set("fail_on", VIPS_FAIL_ON_TRUNCATED));
        (void)full.avg();
    } catch (const vips::VError& failure) {
        vips_error_clear();
        return unreadable("unreadable_image", "The file looks like " + type.mime + " but cannot be decoded (damaged or truncated)");
    }
    return info;
}

Result<MediaInfo> probe_video(const std::string& path, const Sniffed& type, std::int64_t size_bytes, const ProbeLimits& limits) {
    MediaInfo info;
    info.type = type;
    info.size_bytes = size_bytes;
    auto output = ffprobe_json(path);
    if (!output) return unreadable("unreadable_video", "The file looks like " + type.mime + " but ffprobe cannot read it");
    boost::system::error_code parse_error;
    auto parsed = boost::json::parse(*output, parse_error);
    if (parse_error || !parsed.is_object()) return unreadable("unreadable_video", "ffprobe gave no facts about this video");
    const auto& root = parsed.as_object();
    if (const auto* streams = root.if_contains("streams"); streams && streams->is_array())
        for (const auto& stream : streams->as_array()) {
            const auto* object = stream.if_object();
            if (!object || !object->contains("codec_type") || object->at("codec_type") != "video") continue;
            if (const auto* width = object->if_contains("width"); width && width->is_int64()) info.width = static_cast<int>(width->as_int64());
            if (const auto* height = object->if_contains("height"); height && height->is_int64()) info.height = static_cast<int>(height->as_int64());
            if (const auto* codec = object->if_contains("codec_name"); codec && codec->is_string()) info.video_codec = codec->as_string().c_str();
            break;
        }
    if (const auto* format = root.if_contains("format"); format && format->is_object())
        if (const auto* duration = format->as_object().if_contains("duration"); duration && duration->is_string()) {
            try {
                info.duration_seconds = std::stod(std::string(duration->as_string()));
            } catch (const std::exception&) {
            }
        }
    if (info.width <= 0 || info.height <= 0) return unreadable("no_video_stream", "The file has no video stream");
    if (!info.duration_seconds || !std::isfinite(*info.duration_seconds) || *info.duration_seconds <= 0)
        return unreadable("unreadable_video", "The video's duration cannot be read (damaged or truncated)");
    if (*info.duration_seconds > limits.max_video_seconds) return unreadable("video_too_long", "The video is longer than any network accepts");
    return info;
}

}  // namespace chorus::media

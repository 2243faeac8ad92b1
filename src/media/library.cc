#include "media/library.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <set>

#include "core/ascii.h"
#include "core/id.h"
#include "media/files.h"
#include "networks/rules.h"

namespace chorus::media {
namespace {

namespace fs = std::filesystem;
using store::Row;
using store::Transaction;
using store::Value;

constexpr std::size_t max_alt_text = 1'500;  // Mastodon's; the strictest networks warn, not refuse
constexpr std::size_t max_tags = 20;
constexpr std::size_t max_tag_length = 50;
constexpr std::size_t max_folder_length = 200;

constexpr std::string_view media_columns =
    "SELECT id, brand_id, sha256, mime, kind, size_bytes, width, height, frames, duration_ms, has_location, filename, "
    "alt_text, folder, created_at, updated_at, focus FROM media ";

MediaItem item_from(const Row& r) {
    MediaItem item;
    item.id = r.text(0);
    item.brand_id = r.text(1);
    item.sha256 = r.text(2);
    item.mime = r.text(3);
    item.kind = r.text(4);
    item.size_bytes = r.int64(5);
    item.width = static_cast<int>(r.int64(6));
    item.height = static_cast<int>(r.int64(7));
    item.frames = static_cast<int>(r.int64(8));
    item.duration_ms = r.optional_int64(9);
    item.has_location = r.int64(10) != 0;
    item.filename = r.text(11);
    item.alt_text = r.text(12);
    item.folder = r.text(13);
    item.created_at = r.int64(14);
    item.updated_at = r.int64(15);
    item.focus = r.optional_text(16).value_or("");
    return item;
}

void load_tags(Transaction& tx, MediaItem& item) {
    item.tags.clear();
    for (const auto& row : tx.query("SELECT tag FROM media_tags WHERE media_id = $1 ORDER BY tag", {item.id}))
        item.tags.push_back(row.text(0));
}

Result<MediaItem> find_item(Transaction& tx, const accounts::Principal& caller, const std::string& id) {
    auto row = tx.query_one(std::string(media_columns) + "WHERE id = $1 AND org_id = $2", {id, caller.org_id});
    if (!row) return Error::not_found("media");
    auto item = item_from(*row);
    load_tags(tx, item);
    return item;
}

std::string trimmed(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return std::string(text);
}

std::size_t code_points(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// "x,y", both from -1 to 1; "" for none.
Result<std::string> valid_focus(const std::string& text) {
    if (text.empty()) return text;
    const auto comma = text.find(',');
    auto coordinate = [&](std::string_view part) -> std::optional<double> {
        double value = 0;
        auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (error != std::errc() || end != part.data() + part.size() || value < -1.0 || value > 1.0) return std::nullopt;
        return value;
    };
    if (comma == std::string::npos || !coordinate(std::string_view(text).substr(0, comma)) ||
        !coordinate(std::string_view(text).substr(comma + 1)))
        return Error::invalid("focus", "invalid_focus", "focus must be \"x,y\" with both from -1 to 1 (0,0 is the centre)");
    return text;
}

Result<std::string> valid_alt_text(std::string text) {
    if (code_points(text) > max_alt_text)
        return Error::invalid("alt_text", "too_long", "Alt text can be at most " + std::to_string(max_alt_text) + " characters");
    return text;
}

// "Spring/Menus": segments separated by "/", none empty; stored without outer slashes.
Result<std::string> valid_folder(std::string_view text) {
    std::string folder = trimmed(text);
    while (!folder.empty() && folder.front() == '/') folder.erase(0, 1);
    while (!folder.empty() && folder.back() == '/') folder.pop_back();
    if (folder.size() > max_folder_length)
        return Error::invalid("folder", "too_long", "A folder path can be at most " + std::to_string(max_folder_length) + " bytes");
    if (folder.find("//") != std::string::npos) return Error::invalid("folder", "empty_segment", "A folder name cannot be empty");
    return folder;
}

Result<std::vector<std::string>> valid_tags(const std::vector<std::string>& tags) {
    std::set<std::string> unique;
    for (std::size_t i = 0; i < tags.size(); ++i) {
        const std::string tag = to_lower_ascii(trimmed(tags[i]));
        if (tag.empty()) continue;
        if (code_points(tag) > max_tag_length)
            return Error::invalid("tags[" + std::to_string(i) + "]", "too_long", "A tag can be at most 50 characters");
        unique.insert(tag);
    }
    if (unique.size() > max_tags) return Error::invalid("tags", "too_many", "At most 20 tags per file");
    return std::vector<std::string>(unique.begin(), unique.end());
}

void save_tags(Transaction& tx, const std::string& media_id, const std::vector<std::string>& tags) {
    tx.execute("DELETE FROM media_tags WHERE media_id = $1", {media_id});
    for (const auto& tag : tags) tx.execute("INSERT INTO media_tags (media_id, tag) VALUES ($1, $2)", {media_id, tag});
}

Result<void> require(const accounts::Principal& caller, Role role, std::string_view action) {
    if (is_at_least(caller.role, role)) return {};
    return Error::forbidden("Your role cannot " + std::string(action));
}

}  // namespace

MediaLibrary::MediaLibrary(store::Store& store, LibraryOptions options) : store_(store), options_(std::move(options)) {
    // Uploads a crash cut short; an upload still arriving is younger than a day.
    std::error_code error;
    const auto stale = fs::file_time_type::clock::now() - std::chrono::hours(24);
    for (auto it = fs::directory_iterator(incoming_directory(), error); !error && it != fs::directory_iterator(); it.increment(error)) {
        std::error_code ignored;
        if (it->last_write_time(ignored) < stale) fs::remove(it->path(), ignored);
    }
}

std::string MediaLibrary::incoming_directory() const { return (fs::path(options_.directory) / "incoming").string(); }

Result<void> MediaLibrary::check_file_start(std::string_view first_bytes) {
    if (first_bytes.empty()) return Error::invalid("file", "empty", "The file is empty");
    if (!sniff(first_bytes))
        return Error{ErrorKind::unsupported_media_type, "unsupported_file_type",
                     "Upload a JPEG, PNG, WebP or GIF image, or an MP4, MOV or WebM video", "file", {}};
    return {};
}

std::string MediaLibrary::path_for(const std::string& sha256, const std::string& mime) const {
    auto type = mime.substr(mime.find('/') + 1);
    return (fs::path(options_.directory) / sha256.substr(0, 2) / (sha256 + "." + type)).string();
}

Result<Uploaded> MediaLibrary::upload(const accounts::Principal& caller, UploadInput input) {
    TRY(require(caller, Role::contributor, "upload media"));
    if (input.brand_id.empty()) return Error::invalid("brand_id", "required", "brand_id is required");
    if (input.size_bytes > options_.max_upload_bytes)
        return Error{ErrorKind::too_large, "too_large", "Files can be at most " + std::to_string(options_.max_upload_bytes) + " bytes",
                     "file", {}};
    input.alt_text = TRY(valid_alt_text(std::move(input.alt_text)));
    input.folder = TRY(valid_folder(input.folder));
    input.tags = TRY(valid_tags(input.tags));
    const auto start = read_file_start(input.path, 64);
    if (!start) return Error{ErrorKind::unavailable, "storage_failed", "The uploaded file cannot be read", {}, {}};
    TRY(check_file_start(*start));
    const auto type = *sniff(*start);
    const auto hash = sha256_of_file(input.path);
    if (!hash) return Error{ErrorKind::unavailable, "storage_failed", "The uploaded file cannot be read", {}, {}};
    const std::string path = path_for(*hash, type.mime);
    const auto size = static_cast<std::int64_t>(input.size_bytes);

    // The facts come first: nothing is stored or recorded for a file that cannot be read.
    MediaInfo info;
    if (type.kind == MediaKind::video) {
        TRY(move_file_into_place(input.path, path));
        auto probed = probe_video(path, type, size, options_.probe);
        if (!probed) {
            drop_file_if_unused(*hash, type.mime);
            return std::move(probed).error();
        }
        info = *probed;
    } else {
        info = TRY(probe_image(input.path, type, size, options_.probe));
        TRY(move_file_into_place(input.path, path));
    }

    const Millis now = now_millis();
    std::string filename = trimmed(input.filename);
    if (filename.size() > 255) filename.resize(255);
    if (filename.empty()) filename = "upload." + type.extension;
    return store_.write([&](Transaction& tx) -> Result<Uploaded> {
        if (!tx.query_one("SELECT 1 FROM brands WHERE id = $1 AND org_id = $2", {input.brand_id, caller.org_id}))
            return Error::invalid("brand_id", "unknown_brand", "brand_id does not name a brand of this organisation");
        if (auto existing = tx.query_one(std::string(media_columns) + "WHERE brand_id = $1 AND sha256 = $2", {input.brand_id, *hash})) {
            auto item = item_from(*existing);
            load_tags(tx, item);
            return Uploaded{item, true};
        }
        MediaItem item;
        item.id = new_id("media");
        item.brand_id = input.brand_id;
        item.sha256 = *hash;
        item.mime = type.mime;
        item.kind = std::string(to_string(type.kind));
        item.size_bytes = info.size_bytes;
        item.width = info.width;
        item.height = info.height;
        item.frames = info.frames;
        if (info.duration_seconds) item.duration_ms = static_cast<std::int64_t>(std::llround(*info.duration_seconds * 1000));
        item.has_location = info.has_location;
        item.filename = filename;
        item.alt_text = input.alt_text;
        item.folder = input.folder;
        item.tags = input.tags;
        item.created_at = item.updated_at = now;
        tx.execute("INSERT INTO media (id, org_id, brand_id, sha256, mime, kind, size_bytes, width, height, frames, duration_ms, "
                   "has_location, filename, alt_text, folder, created_by, created_at, updated_at) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)",
                   {item.id, caller.org_id, item.brand_id, item.sha256, item.mime, item.kind, item.size_bytes,
                    std::int64_t{item.width}, std::int64_t{item.height}, std::int64_t{item.frames},
                    store::nullable(item.duration_ms), std::int64_t{item.has_location ? 1 : 0},
                    item.filename, item.alt_text, item.folder, caller.user_id, now});
        save_tags(tx, item.id, item.tags);
        return Uploaded{item, false};
    });
}

Result<accounts::Page<MediaItem>> MediaLibrary::list(const accounts::Principal& caller, const MediaFilter& filter,
                                                     const accounts::PageRequest& page) {
    std::string sql = std::string(media_columns) + "WHERE org_id = $1 AND id > $2";
    std::vector<Value> params{caller.org_id, page.cursor, std::int64_t{page.limit + 1}};
    auto add = [&](const std::string& condition, Value value) {
        params.push_back(std::move(value));
        std::string text = condition;
        for (std::size_t at; (at = text.find('?')) != std::string::npos;) text.replace(at, 1, "$" + std::to_string(params.size()));
        sql += " AND " + text;
    };
    if (!filter.brand_id.empty()) add("brand_id = ?", filter.brand_id);
    if (!filter.kind.empty()) add("kind = ?", filter.kind);
    if (!filter.tag.empty()) {
        const std::string tag = to_lower_ascii(trimmed(filter.tag));
        add("EXISTS (SELECT 1 FROM media_tags g WHERE g.media_id = media.id AND g.tag = ?)", tag);
    }
    if (!filter.folder.empty()) {
        auto folder = TRY(valid_folder(filter.folder));
        params.push_back(folder);
        const auto exact = "$" + std::to_string(params.size());
        params.push_back(folder + "/");
        const auto prefix = "$" + std::to_string(params.size());
        sql += " AND (folder = " + exact + " OR substr(folder, 1, length(" + prefix + ")) = " + prefix + ")";
    }
    sql += " ORDER BY id LIMIT $3";
    return store_.read([&](Transaction& tx) -> Result<accounts::Page<MediaItem>> {
        std::vector<MediaItem> items;
        for (const auto& row : tx.query(sql, params)) {
            items.push_back(item_from(row));
            load_tags(tx, items.back());
        }
        return accounts::make_page(std::move(items), page.limit, [](const MediaItem& item) { return item.id; });
    });
}

Result<MediaItem> MediaLibrary::get(const accounts::Principal& caller, const std::string& id) {
    return store_.read([&](Transaction& tx) { return find_item(tx, caller, id); });
}

Result<MediaItem> MediaLibrary::update(const accounts::Principal& caller, const std::string& id, const MediaChanges& changes) {
    TRY(require(caller, Role::contributor, "describe media"));
    std::optional<std::string> alt_text, folder, focus;
    std::optional<std::vector<std::string>> tags;
    if (changes.alt_text) alt_text = TRY(valid_alt_text(*changes.alt_text));
    if (changes.focus) focus = TRY(valid_focus(*changes.focus));
    if (changes.folder) folder = TRY(valid_folder(*changes.folder));
    if (changes.tags) tags = TRY(valid_tags(*changes.tags));
    return store_.write([&](Transaction& tx) -> Result<MediaItem> {
        auto item = TRY(find_item(tx, caller, id));
        if (alt_text) item.alt_text = *alt_text;
        if (folder) item.folder = *folder;
        if (focus) item.focus = *focus;
        item.updated_at = now_millis();
        tx.execute("UPDATE media SET alt_text = $2, folder = $3, updated_at = $4, focus = $5 WHERE id = $1",
                   {item.id, item.alt_text, item.folder, item.updated_at, item.focus.empty() ? store::Value{nullptr} : store::Value{item.focus}});
        if (tags) {
            save_tags(tx, item.id, *tags);
            item.tags = *tags;
        }
        return item;
    });
}

Result<void> MediaLibrary::remove(const accounts::Principal& caller, const std::string& id) {
    TRY(require(caller, Role::editor, "delete media"));
    auto removed = TRY(store_.write([&](Transaction& tx) -> Result<MediaItem> {
        auto item = TRY(find_item(tx, caller, id));
        tx.execute("DELETE FROM media WHERE id = $1", {item.id});
        return item;
    }));
    drop_file_if_unused(removed.sha256, removed.mime);
    return {};
}

void MediaLibrary::drop_file_if_unused(const std::string& sha256, const std::string& mime) const {
    auto used = store_.read([&](Transaction& tx) -> Result<bool> {
        return tx.query_one("SELECT 1 FROM media WHERE sha256 = $1", {sha256}).has_value();
    });
    std::error_code ignored;
    if (used && !*used) fs::remove(path_for(sha256, mime), ignored);
}

Result<Rendition> MediaLibrary::rendition(const MediaItem& item, std::string_view network) const {
    const auto* rules = networks::rules_for(network);
    if (!rules) return Error::invalid("network", "unknown_network", "No such network: " + std::string(network));
    if (item.kind == "video") return Error::invalid("media", "video_rendition", "Videos are published as uploaded");
    const auto cached_path = (fs::path(options_.directory) / "renditions" / (item.sha256 + "-" + std::string(network))).string();
    for (const auto& [suffix, mime] : {std::pair<std::string, std::string>{".jpeg", "image/jpeg"}, {".png", "image/png"}})
        if (auto bytes = read_whole_file(cached_path + suffix))
            if (auto size = image_size(*bytes)) return Rendition{std::move(*bytes), mime, size->first, size->second, false};
    MediaInfo info;
    const auto original = original_path(item);
    const auto start = read_file_start(original, 64);
    const auto type = start ? sniff(*start) : std::nullopt;
    if (!type) return Error{ErrorKind::unavailable, "file_missing", "The stored file is missing", {}, {}};
    info.type = *type;
    info.size_bytes = item.size_bytes;
    info.width = item.width;
    info.height = item.height;
    info.frames = item.frames;
    info.has_location = item.has_location;
    auto made = TRY(image_rendition(original, info, rules->media_limits()));
    if (!made.is_original) (void)write_file_atomically(cached_path + (made.mime == "image/png" ? ".png" : ".jpeg"), made.bytes);
    return made;
}

Result<networks::MediaUpload> MediaLibrary::prepare_for(const std::string& media_id, std::string_view network) const {
    auto item = TRY(store_.read([&](Transaction& tx) -> Result<MediaItem> {
        auto row = tx.query_one(std::string(media_columns) + "WHERE id = $1", {media_id});
        if (!row) return Error::invalid("media", "media_deleted", "A file of this post was deleted from the media library");
        return item_from(*row);
    }));
    networks::MediaUpload upload;
    upload.facts.alt_text = item.alt_text;
    upload.facts.focus = item.focus;
    upload.facts.duration_seconds = item.duration_ms ? std::optional<double>(static_cast<double>(*item.duration_ms) / 1000.0) : std::nullopt;
    if (item.kind == "video") {
        upload.bytes = TRY(original(item));
        upload.mime = item.mime;
        upload.facts.kind = networks::MediaFacts::Kind::video;
        upload.facts.width = item.width;
        upload.facts.height = item.height;
    } else {
        auto made = TRY(rendition(item, network));
        upload.bytes = std::move(made.bytes);
        upload.mime = made.mime;
        upload.facts.kind = item.kind == "gif" ? networks::MediaFacts::Kind::gif : networks::MediaFacts::Kind::image;
        upload.facts.width = made.width;
        upload.facts.height = made.height;
    }
    upload.facts.size_bytes = upload.bytes.size();
    return upload;
}

Result<std::string> MediaLibrary::original(const MediaItem& item) const {
    auto bytes = read_whole_file(path_for(item.sha256, item.mime));
    if (!bytes) return Error{ErrorKind::unavailable, "file_missing", "The stored file is missing", {}, {}};
    return std::move(*bytes);
}

}  // namespace chorus::media

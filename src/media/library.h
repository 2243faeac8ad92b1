#pragma once
// The media library: uploads checked and described (type from the bytes, facts from
// libvips/ffprobe), stored once per content hash, listed per brand with alt text, folders
// and tags. Every call is scoped to the caller's organisation.
#include <optional>
#include <string>
#include <vector>

#include "accounts/listing.h"
#include "accounts/principal.h"
#include "core/result.h"
#include "media/probe.h"
#include "media/renditions.h"
#include "networks/connector.h"
#include "store/store.h"

namespace chorus::media {

struct MediaItem {
    std::string id;
    std::string brand_id;
    std::string sha256;
    std::string mime;
    std::string kind;
    std::int64_t size_bytes = 0;
    int width = 0;
    int height = 0;
    int frames = 1;
    std::optional<std::int64_t> duration_ms;
    bool has_location = false;
    std::string filename;
    std::string alt_text;
    std::string focus;  // "x,y" in -1…1 (Mastodon's focal point), "" when none
    std::string folder;
    std::vector<std::string> tags;
    Millis created_at = 0;
    Millis updated_at = 0;
};

struct UploadInput {
    std::string brand_id;
    std::string filename;
    std::string path;  // the uploaded file, on the same file system as the library: moved, not copied
    std::uint64_t size_bytes = 0;
    std::string alt_text;
    std::string folder;
    std::vector<std::string> tags;
};

struct MediaChanges {
    std::optional<std::string> alt_text;
    std::optional<std::string> focus;  // "" clears it
    std::optional<std::string> folder;
    std::optional<std::vector<std::string>> tags;
};

struct MediaFilter {
    std::string brand_id;
    std::string folder;  // this folder and those under it
    std::string tag;
    std::string kind;
};

struct Uploaded {
    MediaItem item;
    bool duplicate = false;  // the brand already had these exact bytes
};

struct LibraryOptions {
    std::string directory;                            // where files live (<data>/media)
    std::size_t max_upload_bytes = 512ull << 20;      // the largest video any network takes
    ProbeLimits probe;
};

class MediaLibrary {
public:
    MediaLibrary(store::Store& store, LibraryOptions options);

    Result<Uploaded> upload(const accounts::Principal& caller, UploadInput input);
    Result<accounts::Page<MediaItem>> list(const accounts::Principal& caller, const MediaFilter& filter,
                                           const accounts::PageRequest& page);
    Result<MediaItem> get(const accounts::Principal& caller, const std::string& id);
    Result<MediaItem> update(const accounts::Principal& caller, const std::string& id, const MediaChanges& changes);
    Result<void> remove(const accounts::Principal& caller, const std::string& id);
    // The stored bytes of an item, and where they are.
    Result<std::string> original(const MediaItem& item) const;
    std::string original_path(const MediaItem& item) const { return path_for(item.sha256, item.mime); }
    // The version of an image for a network (made once, then kept beside the original).
    Result<Rendition> rendition(const MediaItem& item, std::string_view network) const;

    // What the publishing engine hands a connector: the rendition for the network (the
    // original for a video) with the item's facts and alt text.
    Result<networks::MediaUpload> prepare_for(const std::string& media_id, std::string_view network) const;

    std::size_t max_upload_bytes() const { return options_.max_upload_bytes; }
    // Where uploads wait while they arrive: beside the library, so that keeping one is a rename.
    std::string incoming_directory() const;
    // Refuses a file from its first bytes: empty, or not a kind any network takes.
    static Result<void> check_file_start(std::string_view first_bytes);

private:
    std::string path_for(const std::string& sha256, const std::string& mime) const;
    // Deletes the stored file once no row of any brand refers to it.
    void drop_file_if_unused(const std::string& sha256, const std::string& mime) const;

    store::Store& store_;
    LibraryOptions options_;
};

}  // namespace chorus::media

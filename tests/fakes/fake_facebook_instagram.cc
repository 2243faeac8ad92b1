// The Instagram side of FakeFacebook: the professional accounts linked to the Pages, on the
// same Graph host, as the Instagram API with Facebook Login serves them (what it covers:
// tests/fixtures/instagram/README.md).
#include <boost/json.hpp>

#include <algorithm>

#include "fake_facebook.h"
#include "fake_text.h"
#include "graph_fake.h"

namespace chorus::fakes {
namespace {

namespace json = boost::json;

using graph::invalid_parameter;
using graph::parameters;

std::vector<std::string> split_commas(const std::string& list) {
    std::vector<std::string> items;
    for (std::size_t start = 0; !list.empty() && start <= list.size();) {
        const auto comma = list.find(',', start);
        items.push_back(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return items;
}

}  // namespace

void FakeFacebook::add_instagram_routes() {
    const auto on_io = http::Execution::inline_on_io;
    const auto v = "/" + options_.version;
    // Creating a container downloads its media: not on the I/O thread.
    router_.add("POST", v + "/{id}/media", [this](http::Request& r) { return create_container(r); });
    router_.add("POST", v + "/{id}/media_publish", [this](http::Request& r) { return media_publish(r); }, on_io);
    router_.add("GET", v + "/{id}/media", [this](http::Request& r) { return list_instagram_media(r); }, on_io);
    router_.add("GET", v + "/{id}/content_publishing_limit", [this](http::Request& r) { return publishing_limit(r); }, on_io);
}

void FakeFacebook::drop_answer_to_next_media_publish() {
    std::lock_guard lock(mutex_);
    drop_next_media_publish_ = true;
}

void FakeFacebook::fail_next_video_processing() {
    std::lock_guard lock(mutex_);
    fail_next_video_ = true;
}

std::vector<InstagramMedia> FakeFacebook::instagram_media() const {
    std::lock_guard lock(mutex_);
    return instagram_media_;
}

int FakeFacebook::media_publish_requests() const {
    std::lock_guard lock(mutex_);
    return media_publish_requests_;
}

const FacebookPage* FakeFacebook::instagram_page(const http::Request& request, http::Response& refusal) const {
    const auto* page = page_for(request, refusal);
    if (page && (!page->instagram || page->instagram->id != request.param("id"))) {
        refusal = graph::error(403, 10, "(#10) Application does not have permission for this action");
        return nullptr;
    }
    return page;
}

http::Response FakeFacebook::create_container(http::Request& request) {
    auto fields = parameters(request);
    std::unique_lock lock(mutex_);
    http::Response refusal;
    const auto* page = instagram_page(request, refusal);
    if (!page) return refusal;
    Container container;
    container.account_id = page->instagram->id;
    container.caption = fields["caption"];
    container.is_carousel_item = fields["is_carousel_item"] == "true";
    if (code_points(container.caption) > 2200) return invalid_parameter("The caption is too long: 2,200 characters at most");
    const auto type = fields["media_type"];
    if (type == "CAROUSEL") {
        container.media_type = "CAROUSEL";
        container.children = split_commas(fields["children"]);
        if (container.children.size() < 2 || container.children.size() > 10)
            return invalid_parameter("Param children must list 2 to 10 carousel item containers");
        for (const auto& child : container.children) {
            auto it = containers_.find(child);
            if (it == containers_.end() || !it->second.is_carousel_item || it->second.account_id != container.account_id)
                return invalid_parameter("Param children must be carousel item containers of this account");
            if (it->second.status_code != "FINISHED") return graph::error(400, 9007, "The media is not ready for publishing, please wait for a moment", 2207027);
            for (std::size_t i = 0; i < it->second.urls.size(); ++i) {
                container.urls.push_back(it->second.urls[i]);
                container.mimes.push_back(it->second.mimes[i]);
                container.alt_texts.push_back(it->second.alt_texts[i]);
            }
        }
    } else {
        const bool video = type == "REELS" || (type == "VIDEO" && container.is_carousel_item);
        if (!type.empty() && !video) return invalid_parameter("Param media_type must be one of {REELS, CAROUSEL, VIDEO (carousel items), STORIES}");
        container.media_type = video ? type : "IMAGE";
        const auto url = fields[video ? "video_url" : "image_url"];
        if (url.empty()) return invalid_parameter(std::string("Param ") + (video ? "video_url" : "image_url") + " is required");
        lock.unlock();  // Meta downloads the media while the request waits
        auto media = graph::download(downloader_, url);
        lock.lock();
        if (!video) {
            // Instagram takes JPEG images only.
            if (!media || media->mime != "image/jpeg")
                return graph::error(400, 9004, "Media download has failed. The media URI doesn't meet our requirements.", 2207052);
        } else {
            container.status_code = "IN_PROGRESS";
            container.polls_until_ready = 2;
            if (!media || (media->mime != "video/mp4" && media->mime != "video/quicktime")) container.error_message = "ERROR: the video could not be downloaded";
            else if (fail_next_video_) container.error_message = "ERROR: the video could not be processed (2207026)";
            fail_next_video_ = false;
        }
        container.urls.push_back(url);
        container.mimes.push_back(media ? media->mime : "");
        container.alt_texts.push_back(fields["alt_text"]);
    }
    container.id = std::to_string(++next_id_);
    containers_[container.id] = container;
    return http::Response::json(200, json::serialize(json::object{{"id", container.id}}));
}

http::Response FakeFacebook::media_publish(http::Request& request) {
    auto fields = parameters(request);
    std::lock_guard lock(mutex_);
    ++media_publish_requests_;
    http::Response refusal;
    const auto* page = instagram_page(request, refusal);
    if (!page) return refusal;
    if (auto fault = armed_fault()) return *fault;
    auto it = containers_.find(fields["creation_id"]);
    if (it == containers_.end() || it->second.is_carousel_item || it->second.account_id != page->instagram->id)
        return invalid_parameter("Param creation_id must be a container of this account ready to publish");
    auto& container = it->second;
    if (container.status_code == "PUBLISHED") return invalid_parameter("The media has already been published");
    if (container.status_code != "FINISHED") return graph::error(400, 9007, "The media is not ready for publishing, please wait for a moment", 2207027);
    InstagramMedia media;
    media.id = std::to_string(++next_id_);
    media.account_id = container.account_id;
    media.media_type = container.media_type == "CAROUSEL" ? "CAROUSEL_ALBUM" : container.media_type == "REELS" ? "VIDEO" : "IMAGE";
    media.caption = container.caption;
    media.urls = container.urls;
    media.mimes = container.mimes;
    media.alt_texts = container.alt_texts;
    media.permalink = "https://www.instagram.com/p/C" + media.id.substr(media.id.size() - 9) + "/";
    media.created_at = now_millis();
    instagram_media_.push_back(media);
    container.status_code = "PUBLISHED";
    auto answer = http::Response::json(200, json::serialize(json::object{{"id", media.id}}));
    if (drop_next_media_publish_) {
        drop_next_media_publish_ = false;
        answer.drop_connection = true;
    }
    return answer;
}

http::Response FakeFacebook::list_instagram_media(http::Request& request) {
    auto fields = parameters(request);
    std::lock_guard lock(mutex_);
    http::Response refusal;
    const auto* page = instagram_page(request, refusal);
    if (!page) return refusal;
    std::size_t limit = 25;
    if (!fields["limit"].empty()) limit = std::clamp<std::size_t>(std::stoul(fields["limit"]), 1, 100);
    json::array data;
    for (auto media = instagram_media_.rbegin(); media != instagram_media_.rend() && data.size() < limit; ++media)
        if (media->account_id == page->instagram->id)
            data.push_back(json::object{{"id", media->id}, {"caption", media->caption}, {"permalink", media->permalink},
                                        {"timestamp", graph::iso_time(media->created_at)}});
    return http::Response::json(200, json::serialize(json::object{{"data", data}, {"paging", json::object{{"cursors", json::object{}}}}}));
}

http::Response FakeFacebook::publishing_limit(http::Request& request) {
    std::lock_guard lock(mutex_);
    http::Response refusal;
    const auto* page = instagram_page(request, refusal);
    if (!page) return refusal;
    const Millis day_ago = now_millis() - 86'400'000;
    const auto used = std::count_if(instagram_media_.begin(), instagram_media_.end(), [&](const InstagramMedia& media) {
        return media.account_id == page->instagram->id && media.created_at > day_ago;
    });
    return http::Response::json(
        200, json::serialize(json::object{
                 {"data", json::array{json::object{{"quota_usage", used},
                                                   {"config", json::object{{"quota_total", 100}, {"quota_duration", 86400}}}}}}}));
}

std::optional<http::Response> FakeFacebook::read_instagram_node(const FacebookPage& page, const std::string& id) {
    if (!page.instagram) return std::nullopt;
    if (id == page.instagram->id)
        return http::Response::json(200, json::serialize(json::object{{"id", id}, {"username", page.instagram->username}, {"name", page.instagram->name}}));
    if (auto it = containers_.find(id); it != containers_.end() && it->second.account_id == page.instagram->id) {
        auto& container = it->second;
        if (container.status_code == "IN_PROGRESS" && --container.polls_until_ready <= 0)
            container.status_code = container.error_message.empty() ? "FINISHED" : "ERROR";
        json::object node{{"id", id}, {"status_code", container.status_code}};
        if (container.status_code == "ERROR") node["status"] = container.error_message;
        return http::Response::json(200, json::serialize(node));
    }
    for (const auto& media : instagram_media_)
        if (media.id == id && media.account_id == page.instagram->id)
            return http::Response::json(200, json::serialize(json::object{{"id", id}, {"caption", media.caption}, {"permalink", media.permalink}}));
    return std::nullopt;
}

std::optional<http::Response> FakeFacebook::delete_instagram_node(const FacebookPage& page, const std::string& id) {
    if (!page.instagram) return std::nullopt;
    auto it = std::find_if(instagram_media_.begin(), instagram_media_.end(),
                           [&](const InstagramMedia& media) { return media.id == id && media.account_id == page.instagram->id; });
    if (it == instagram_media_.end()) return std::nullopt;
    instagram_media_.erase(it);
    return http::Response::json(200, R"({"success":true})");
}

}  // namespace chorus::fakes

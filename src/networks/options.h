#pragma once
// What a post can carry on each network beyond its text and media: a thread of replies,
// and network options (a JSON object per target). Checked when a post is written, so a
// typo in an option is a 422 naming it, not a failed publish hours later.
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace chorus::networks {

// True for networks where one post can be a thread (each part a reply to the previous).
bool supports_threads(std::string_view network);

// How a post's first comment goes out on the network:
// - reply: on the networks with threads, a comment is a reply, so the first comment is the
//   last reply of the post's chain, with the same exactly-once handling as the thread's parts;
// - comment: a comment under the post (Facebook, Instagram, LinkedIn, YouTube), made by the
//   connector's comment() once the post exists (see publishing/engine.cc);
// - none: the network has no comments through its API.
enum class FirstComment { reply, comment, none };
FirstComment first_comment_style(std::string_view network);

// Why a post on the network, with these options, cannot carry a first comment, or nullopt
// when it can (YouTube turns comments off on videos made for kids).
std::optional<std::string> first_comment_refusal(std::string_view network, const boost::json::object& options);

struct OptionProblem {
    std::string option;   // the option's path inside the options object: "langs", "poll.options"
    std::string code;     // unknown_option, invalid_option
    std::string message;
};

// nullopt when every option is known to the network and well-formed.
std::optional<OptionProblem> check_options(std::string_view network, const boost::json::object& options);

// nullopt when the options hold everything publishing on the network needs (a Pinterest
// target names its board); drafts may go without.
std::optional<OptionProblem> missing_options(std::string_view network, const boost::json::object& options);

}  // namespace chorus::networks

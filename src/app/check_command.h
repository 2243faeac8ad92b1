#pragma once
// `chorus check`: the network rules from the command line, for scripts and for people.
#include <optional>
#include <string>
#include <vector>

namespace chorus::app {

struct CheckCommand {
    std::vector<std::string> networks;
    bool json = false;
    std::optional<std::string> text;  // absent: read standard input, byte for byte
    std::optional<std::string> title;
    std::optional<std::string> link;
    std::optional<std::size_t> mastodon_max_characters;
};

// Exit status: 0 when every network accepts the text, 1 when one refuses it, 2 on bad usage.
int run_check(const CheckCommand& command);

}  // namespace chorus::app

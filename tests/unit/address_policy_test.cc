// Which addresses a link card may be read from: public ones only.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <string>

#include "networks/address_policy.h"

namespace chorus::networks {
namespace {

bool is_public(const std::string& text) {
    sockaddr_in v4{};
    if (inet_pton(AF_INET, text.c_str(), &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        return is_public_address(reinterpret_cast<const sockaddr*>(&v4));
    }
    sockaddr_in6 v6{};
    if (inet_pton(AF_INET6, text.c_str(), &v6.sin6_addr) != 1) throw std::invalid_argument(text);
    v6.sin6_family = AF_INET6;
    return is_public_address(reinterpret_cast<const sockaddr*>(&v6));
}

TEST(AddressPolicy, TheServersOwnNeighbourhoodIsNotReachable) {
    for (const char* inward : {"127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.20", "169.254.169.254",
                               "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "192.0.2.10", "198.18.0.1", "::1", "::",
                               "fe80::1", "fd00:ec2::254", "fc00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.1.2.3",
                               "64:ff9b::a9fe:a9fe", "2001:db8::1"})
        EXPECT_FALSE(is_public(inward)) << inward;
}

TEST(AddressPolicy, ThePublicInternetIs) {
    for (const char* outward : {"93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "11.0.0.1", "2a00:1450:4001:80b::200e",
                                "2606:4700::6810:84e5", "::ffff:8.8.8.8", "64:ff9b::808:808"})
        EXPECT_TRUE(is_public(outward)) << outward;
}

}  // namespace
}  // namespace chorus::networks

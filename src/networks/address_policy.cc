#include "networks/address_policy.h"

#include <netinet/in.h>

#include <cstdint>

namespace chorus::networks {
namespace {

bool is_public_ipv4(std::uint32_t a) {  // host byte order
    const auto in = [a](std::uint32_t network, int bits) { return bits == 0 || (a >> (32 - bits)) == (network >> (32 - bits)); };
    return !(in(0x00000000, 8)            // "this network"
             || in(0x0A000000, 8)         // 10/8
             || in(0x64400000, 10)        // 100.64/10, carrier-grade NAT
             || in(0x7F000000, 8)         // loopback
             || in(0xA9FE0000, 16)        // 169.254/16, link-local and cloud metadata
             || in(0xAC100000, 12)        // 172.16/12
             || in(0xC0000000, 24)        // 192.0.0/24, protocol assignments
             || in(0xC0000200, 24)        // 192.0.2/24, documentation
             || in(0xC0A80000, 16)        // 192.168/16
             || in(0xC6120000, 15)        // 198.18/15, benchmarking
             || in(0xC6336400, 24)        // 198.51.100/24, documentation
             || in(0xCB007100, 24)        // 203.0.113/24, documentation
             || in(0xE0000000, 4)         // multicast
             || in(0xF0000000, 4));       // reserved and broadcast
}

std::uint32_t ipv4_at(const std::uint8_t* bytes) {
    return std::uint32_t{bytes[0]} << 24 | std::uint32_t{bytes[1]} << 16 | std::uint32_t{bytes[2]} << 8 | bytes[3];
}

bool is_public_ipv6(const std::uint8_t* b) {
    bool zero_first_96 = true;
    for (int i = 0; i < 10; ++i) zero_first_96 = zero_first_96 && b[i] == 0;
    if (zero_first_96 && b[10] == 0xFF && b[11] == 0xFF) return is_public_ipv4(ipv4_at(b + 12));  // ::ffff:a.b.c.d
    if (zero_first_96 && b[10] == 0 && b[11] == 0) return false;  // ::, ::1 and the deprecated IPv4-compatible form
    const std::uint8_t nat64[12] = {0x00, 0x64, 0xFF, 0x9B};       // 64:ff9b::/96
    bool translated = true;
    for (int i = 0; i < 12; ++i) translated = translated && b[i] == nat64[i];
    if (translated) return is_public_ipv4(ipv4_at(b + 12));
    if ((b[0] & 0xFE) == 0xFC) return false;                      // fc00::/7, unique local
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return false;      // fe80::/10, link-local
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0) return false;      // fec0::/10, old site-local
    if (b[0] == 0xFF) return false;                               // multicast
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) return false;  // 2001:db8::/32, documentation
    return true;
}

}  // namespace

bool is_public_address(const sockaddr* address) {
    if (!address) return false;
    if (address->sa_family == AF_INET)
        return is_public_ipv4(ntohl(reinterpret_cast<const sockaddr_in*>(address)->sin_addr.s_addr));
    if (address->sa_family == AF_INET6)
        return is_public_ipv6(reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr.s6_addr);
    return false;
}

}  // namespace chorus::networks

#pragma once
// Which addresses a fetch on a user's behalf may reach. Link cards make the server read a
// page a post names; without this rule anyone who may write a post could make Chorus read
// its own admin ports, the cloud's metadata service or the office network, and publish
// what it found as the card's title.
#include <sys/socket.h>

namespace chorus::networks {

// False for loopback, private (RFC 1918, unique-local), link-local, carrier-grade NAT,
// multicast, reserved and unspecified addresses, also when they hide inside an IPv4-mapped
// or NAT64 IPv6 address.
bool is_public_address(const sockaddr* address);

}  // namespace chorus::networks

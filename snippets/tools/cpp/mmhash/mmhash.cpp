// MurmurHash3（32 位）的实现，编译成 libMMHash.so 给 Python 调用，也链接进 user_bucket 程序
#include "mmhash.h"

#include <string>

namespace {

std::uint32_t rotl32(std::uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

// Four bytes as a little-endian number, whatever the machine's byte order.
std::uint32_t read_le32(const unsigned char* p) {
    return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[3]} << 24;
}

std::uint32_t mix(std::uint32_t k) {
    k *= 0xcc9e2d51;
    k = rotl32(k, 15);
    return k * 0x1b873593;
}

}  // namespace

std::uint32_t mm_hash32(const char* data, std::size_t len, std::uint32_t seed) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(data);
    std::uint32_t h = seed;
    const std::size_t blocks = len / 4;
    for (std::size_t i = 0; i < blocks; ++i) {
        h ^= mix(read_le32(bytes + 4 * i));
        h = rotl32(h, 13) * 5 + 0xe6546b64;
    }
    const unsigned char* tail = bytes + 4 * blocks;
    std::uint32_t k = 0;
    switch (len & 3) {
        case 3:
            k ^= std::uint32_t{tail[2]} << 16;
            [[fallthrough]];
        case 2:
            k ^= std::uint32_t{tail[1]} << 8;
            [[fallthrough]];
        case 1:
            k ^= tail[0];
            h ^= mix(k);
    }
    h ^= static_cast<std::uint32_t>(len);  // the reference implementation mixes in the length modulo 2^32
    h ^= h >> 16;
    h *= 0x85ebca6b;
    h ^= h >> 13;
    h *= 0xc2b2ae35;
    h ^= h >> 16;
    return h;
}

int mm_user_bucket(const char* user_id, std::size_t user_len, const char* layer, std::size_t layer_len, int buckets) {
    if (user_id == nullptr || layer == nullptr || buckets <= 0) {
        return -1;
    }
    try {
        std::string key(layer, layer_len);
        key += ':';
        key.append(user_id, user_len);
        return static_cast<int>(mm_hash32(key.data(), key.size(), 0) % static_cast<std::uint32_t>(buckets));
    } catch (...) {  // std::bad_alloc: report it as a bad call instead of crashing the Python process
        return -1;
    }
}

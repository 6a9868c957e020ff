// libMMHash 的接口：MurmurHash3（32 位）和实验分桶，用 extern "C" 导出，Python 的 ctypes 能直接调用
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" {

// MurmurHash3_x86_32 of `len` bytes at `data`: the same value as Python's mmh3.hash(data, seed, signed=False).
std::uint32_t mm_hash32(const char* data, std::size_t len, std::uint32_t seed);

// The user's bucket in an experiment layer: hash of "LAYER:USER_ID" (UTF-8 bytes, seed 0) modulo `buckets`.
// Returns -1 for a null pointer or buckets <= 0; never throws (exceptions must not cross a C interface).
int mm_user_bucket(const char* user_id, std::size_t user_len, const char* layer, std::size_t layer_len, int buckets);
}

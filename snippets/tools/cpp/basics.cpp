// 数据工程师最先碰到的 C++：string、vector、unordered_map、引用、auto、optional
#include <algorithm>
#include <charconv>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

// [start parse]
// 把文本解析成整数；不是整数时返回空的 optional，而不是抛异常或返回 0
std::optional<long> parse_long(std::string_view text) {
    long value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc() || ptr != end) {
        return std::nullopt;
    }
    return value;
}
// [end parse]

// const& 只读借用，不拷贝整个 vector
long total(const std::vector<long>& values) {
    long sum = 0;
    for (long v : values) {
        sum += v;
    }
    return sum;
}

int main() {
    std::vector<std::string> words = {"feed", "post", "feed", "user", "feed"};
    std::unordered_map<std::string, int> counts;
    for (const auto& word : words) {
        ++counts[word];  // 不存在的键先被初始化为 0
    }
    // unordered_map 没有顺序：先拷进 vector 再排序，输出才稳定
    std::vector<std::pair<std::string, int>> sorted(counts.begin(), counts.end());
    std::sort(sorted.begin(), sorted.end());
    for (const auto& [word, n] : sorted) {  // 结构化绑定（C++17）
        std::cout << word << '\t' << n << '\n';
    }

    std::vector<long> durations;
    for (std::string_view text : {"120", "35", "abc", "7x", "845"}) {
        if (auto value = parse_long(text)) {
            durations.push_back(*value);
        } else {
            std::cout << "skip: " << text << '\n';
        }
    }
    std::cout << "total ms: " << total(durations) << '\n';
    return 0;
}

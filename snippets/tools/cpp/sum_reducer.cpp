// Hadoop streaming 风格的 reducer：读按 key 排好序的 "key\tcount" 行，输出每个 key 的总数
#include <charconv>
#include <iostream>
#include <string>
#include <string_view>

// 整行都是一个 long 才算合法："", "12x", 超出范围都不算
bool parse_long(std::string_view text, long& value) {
    const char* end = text.data() + text.size();
    auto [ptr, error] = std::from_chars(text.data(), end, value);
    return !text.empty() && error == std::errc() && ptr == end;
}

int main() {
    std::ios::sync_with_stdio(false);
    std::string line, current;
    long sum = 0;
    bool have_key = false;
    while (std::getline(std::cin, line)) {
        std::size_t tab = line.find('\t');
        long value = 0;
        if (tab == std::string::npos || tab == 0 || !parse_long(std::string_view(line).substr(tab + 1), value)) {
            std::cerr << "reporter:counter:sum_reducer,malformed_lines,1\n";
            continue;
        }
        std::string_view key(line.data(), tab);
        if (have_key && key != current) {
            std::cout << current << '\t' << sum << '\n';  // key 变了：上一个 key 已经收齐
            sum = 0;
        }
        current.assign(key);
        have_key = true;
        sum += value;
    }
    if (have_key) {
        std::cout << current << '\t' << sum << '\n';
    }
    return 0;
}

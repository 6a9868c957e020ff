// Hadoop streaming 风格的 mapper：读 stdin 的点击日志（cuid、nid、event 三列），每次点击输出 "nid\t1"
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

// 按 \t 切分一行；string_view 指向原字符串，不拷贝
std::vector<std::string_view> split_tabs(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (true) {
        std::size_t tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
        if (tab == std::string_view::npos) {
            return fields;
        }
        start = tab + 1;
    }
}

// [start main]
int main() {
    std::ios::sync_with_stdio(false);  // 大量读写时明显更快
    std::string line;
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();  // Windows 换行
        }
        auto fields = split_tabs(line);
        if (fields.size() != 3 || fields[0].empty() || fields[1].empty()) {
            // 坏行跳过而不退出：计数写到 stderr，Hadoop streaming 会把它汇总成作业计数器
            std::cerr << "reporter:counter:click_mapper,malformed_lines,1\n";
            continue;
        }
        if (fields[2] == "click") {
            std::cout << fields[1] << "\t1\n";
        }
    }
    return 0;
}
// [end main]

// 从 stdin 读 cuid，每行输出 cuid 和它在实验层 LAYER 里的桶号；空行跳过并计数
#include <iostream>
#include <string>

#include "mmhash.h"

int main(int argc, char* argv[]) {
    if (argc != 2) {
        std::cerr << "usage: user_bucket LAYER < cuids.txt\n";
        return 2;
    }
    const std::string layer = argv[1];
    std::string cuid;
    while (std::getline(std::cin, cuid)) {
        if (!cuid.empty() && cuid.back() == '\r') {
            cuid.pop_back();
        }
        if (cuid.empty()) {
            std::cerr << "reporter:counter:user_bucket,empty_lines,1\n";
            continue;
        }
        const int bucket = mm_user_bucket(cuid.data(), cuid.size(), layer.data(), layer.size(), 100);
        std::cout << cuid << '\t' << bucket << '\n';
    }
}

// A read past size() but inside capacity(): memory the vector owns, so no redzone is hit.
#include <iostream>
#include <vector>

int main() {
    std::vector<int> clicks;
    clicks.reserve(8);
    for (int i = 0; i < 5; ++i) {
        clicks.push_back(i);
    }
    std::cout << clicks.data()[6] << '\n';  // element 6 does not exist: size() is 5, capacity() 8
}

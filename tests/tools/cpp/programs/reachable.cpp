// Two blocks never freed: one a global still points to at exit (reachable), one nothing points to (lost).
#include <iostream>

int* kept = nullptr;

// Allocates 40 bytes and returns a value read from them: the only pointer to the block dies with this call.
__attribute__((noinline)) int lose() {
    int* volatile lost = new int[10];  // volatile: the optimizer may not drop the allocation
    lost[0] = 1;
    return lost[0];
}

int main() {
    kept = new int[100];  // 400 bytes, still reachable through `kept` at exit
    kept[0] = 2;
    std::cout << lose() + kept[0] << '\n';
}

// When do destructors run? One local object, then the program ends in the way argv[1] names.
// "param": when is a by-value parameter destroyed, relative to the rest of the caller's full-expression?
#include <cstdlib>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

struct Connection {
    explicit Connection(std::string n) : name(std::move(n)) { std::cout << "open  " << name << std::endl; }
    ~Connection() { std::cout << "close " << name << std::endl; }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    std::string name;
};

void finish(std::unique_ptr<Connection> connection) { std::cout << "finish " << connection->name << std::endl; }

void run(const std::string& how) {
    Connection local("local");
    if (how == "exit") {
        std::exit(0);
    }
    if (how == "abort") {
        std::abort();
    }
    if (how == "throw" || how == "caught") {
        throw std::runtime_error("query failed");
    }
}

int main(int argc, char* argv[]) {
    const std::string how = argc > 1 ? argv[1] : "return";
    if (how == "param") {
        auto owned = std::make_unique<Connection>("owned");
        (finish(std::move(owned)), std::cout << "rest of the full-expression" << std::endl);
        std::cout << "next statement" << std::endl;
        return 0;
    }
    if (how == "caught") {
        try {
            run(how);
        } catch (const std::exception&) {
            std::cout << "caught" << std::endl;
        }
        return 0;
    }
    run(how);  // "throw": nothing catches it
    return 0;
}

// A program outside the project that uses the installed headers the way users will.
#include <jazzlstm/model.hpp>

#include <iostream>

int main()
{
    std::cout << "jazzlstm " << JAZZLSTM_VERSION_MAJOR << '.' << JAZZLSTM_VERSION_MINOR
              << " found through find_package\n";
    return 0;
}

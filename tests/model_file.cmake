# Cross-language check of the model format: examples/export_weights.py --selftest writes a
# model with the standard library only, and tests/nn/test_model_file.cpp loads it and recomputes every
# value. Runs only where a Python 3 interpreter is found; nothing is run at configure time.
find_package(Python3 COMPONENTS Interpreter QUIET)
if(Python3_Interpreter_FOUND AND TARGET test_nn)
  set(_jazzlstm_py_model "${CMAKE_CURRENT_BINARY_DIR}/tmp/python_selftest_model.json")
  add_test(NAME model_file_python_export
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/examples/export_weights.py --selftest --out ${_jazzlstm_py_model})
  set_tests_properties(model_file_python_export PROPERTIES FIXTURES_SETUP jazzlstm_python_model)
  add_test(NAME model_file_python_import COMMAND test_nn "--test-case=*export_weights.py*")
  set_tests_properties(model_file_python_import PROPERTIES
    FIXTURES_REQUIRED jazzlstm_python_model
    ENVIRONMENT "JAZZLSTM_PYTHON_MODEL=${_jazzlstm_py_model}")
endif()

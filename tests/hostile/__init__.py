"""The hostile corpus (issue 10): inputs a hostile or careless user gives jixiao, generated in the tests."""

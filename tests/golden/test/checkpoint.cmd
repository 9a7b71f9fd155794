test tests/golden/test/checkpoint.care

test tests/golden/test/pass_and_fail.care

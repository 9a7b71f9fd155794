check tests/golden/diagnostics/earlier_of_texts.care

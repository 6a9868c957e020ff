# A tiny site whose pages name an owner and a review date; tests/test_review.py fixes "today".
extensions = ["myst_parser", "teamwiki.ext.review"]
nitpicky = True
review_today = "2027-01-15"

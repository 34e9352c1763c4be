"""The resume matcher's rules, one row each: what a person would accept as "my resume shows this"."""

import pytest

from transitions.resume.matching import contains, find_evidence, split_sentences, terms_for, title_terms

# (resume text, keyword, found?)
CASES = [
    # Case, accents and punctuation do not matter.
    ("Advanced SQL and Tableau", "sql", True),
    ("advanced sql", "SQL", True),
    ("Built models in PYTHON", "Python", True),
    ("Modélisation statistique", "modelisation", True),
    ("Résumé writing", "resume writing", True),
    ("Scikit Learn pipelines", "scikit-learn", True),
    ("scikit-learn, XGBoost", "Scikit Learn", True),
    ("CI/CD with GitHub Actions", "CI/CD", True),
    ("CI CD pipelines", "CI/CD", True),
    ("Reviewed PD / LGD estimates", "PD/LGD", True),
    ("AML-KYC reviews", "AML/KYC", True),
    ("Straße planning", "strasse", True),
    # Whole words and phrases, never pieces of words.
    ("HTML and CSS for the intranet", "ML", False),
    ("Built ML pipelines", "ML", True),
    ("XML feeds", "ML", False),
    ("excellent communicator", "Excel", False),
    ("Advanced Excel (pivot tables)", "Excel", True),
    ("I excel at client service", "Excel", False),
    ("Excelled in client service", "Excel", False),
    ("Passionate about data", "SAS", False),
    ("SAS Enterprise Guide", "SAS", True),
    ("assessment of risk", "SAS", False),
    ("Ran stress testing for CCAR", "stress testing", True),
    ("tested for stress", "stress testing", False),
    ("Used pivot tables daily", "pivot tables", True),
    ("tables pivot", "pivot tables", False),
    ("Java developer", "JavaScript", False),
    ("C++ and Python", "C", False),
    ("Wrote C++ services", "C++", True),
    ("Wrote C services", "C++", False),
    # Word variations: model / modeling / modelling, analyse / analyze / analysis.
    ("statistical modelling of defaults", "statistical modeling", True),
    ("statistical models for credit", "statistical modeling", True),
    ("Statistical modeled outcomes", "statistical modelling", True),
    ("analysed financial statements", "analyze", True),
    ("analyzing loan data", "analyse", True),
    ("Variance analyses each month", "variance analysis", True),
    ("Led variance analysis", "variance analyses", True),
    ("optimised the pricing", "optimize", True),
    ("deployed models to production", "model deployment", False),
    ("model deployment with Docker", "model deployment", True),
    ("deploying models", "deploy", True),
    ("Neural networks in PyTorch", "neural network", True),
    ("Built libraries for reporting", "library", True),
    # R only as a programming language, in context.
    ("Python, R and SQL for analysis", "R", True),
    ("Statistical analysis in R", "R", True),
    ("R&D budget of $2M", "R", False),
    ("John R. Smith, referee", "R", False),
    ("Rated R by the board", "R", False),
    ("r programming", "R", False),
    ("Wrote R packages", "R", True),
    ("Embedded C firmware", "C", True),
    ("Grade C in chemistry", "C", False),
    # Numbers and versions are words of their own.
    ("Migrated reports to S3", "S3", True),
    ("Section 3 of the report", "S3", False),
    ("Basel III capital rules", "Basel III", True),
    ("Basel II capital rules", "Basel III", False),
]


@pytest.mark.parametrize(("text", "keyword", "found"), CASES)
def test_keyword_matching(text, keyword, found):
    assert contains(text, keyword) is found


def test_there_are_at_least_forty_rules():
    assert len(CASES) >= 40


def test_a_skill_is_found_by_its_name_by_what_its_name_lists_or_by_a_keyword():
    terms = terms_for("Cloud computing platforms (AWS, GCP)", ["SageMaker", "Google Cloud"])

    assert [term.label for term in terms] == ["Cloud computing platforms", "AWS", "GCP", "SageMaker", "Google Cloud"]
    for text in ["Cloud computing platform work", "AWS Lambda", "Deployed on gcp", "SageMaker endpoints"]:
        assert find_evidence(terms, split_sentences(text)), text
    assert not find_evidence(terms, split_sentences("Cloudy weather platforms"))


def test_evidence_is_the_sentence_with_the_words_marked():
    sentences = split_sentences("SUMMARY\nI like data. Built a logistic regression scorecard for loans. Then more.")

    evidence = find_evidence(terms_for("Statistical modeling", ["regression"]), sentences)

    assert evidence.sentence == "Built a logistic regression scorecard for loans."
    assert (evidence.before, evidence.found, evidence.after) == (
        "Built a logistic ",
        "regression",
        " scorecard for loans.",
    )
    assert evidence.line == 1


@pytest.mark.parametrize(
    ("title", "text", "found"),
    [
        ("ML Engineer", "Aspiring ML Engineer", True),
        ("ML Engineer", "Aspiring Machine Learning Engineer", True),
        ("ML Engineer", "machine-learning engineer in training", True),
        ("Machine Learning Engineer", "Junior ML Engineer", True),
        ("ML Engineer", "HTML engineer", False),
        ("ML Engineer", "Engineer of ML", False),
        ("Data Analyst", "Senior data analysts team", True),
    ],
)
def test_the_target_title_and_its_variants(title, text, found):
    assert bool(find_evidence(title_terms(title), split_sentences(text))) is found

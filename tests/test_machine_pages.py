from django.urls import reverse


def test_robots_txt_points_at_the_sitemap_and_keeps_private_pages_out(client):
    response = client.get(reverse("robots_txt"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert f"Sitemap: http://testserver{reverse('sitemap')}" in body


def test_sitemap_lists_published_transitions_only(client, make_transition):
    live = make_transition()
    draft = make_transition(published=False)
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    body = response.content.decode()
    assert live.get_absolute_url() in body
    assert draft.get_absolute_url() not in body


def test_sitemap_lists_roles_skills_and_certifications(client, transition):
    body = client.get(reverse("sitemap")).content.decode()
    skill = transition.skill_links.first().skill
    certification = transition.certification_links.first().certification
    for page in (transition.from_role, transition.to_role, skill, certification):
        assert page.get_absolute_url() in body


def test_healthz_reports_the_database(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_refuses_post(client, db):
    assert client.post(reverse("healthz")).status_code == 405

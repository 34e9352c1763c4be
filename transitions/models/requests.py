"""Requests for guides we have not written yet: one row per destination, one vote per person."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Max, Q


class GuideRequestQuerySet(models.QuerySet):
    def by_demand(self):
        """Most asked-for first, then the most recently asked-for."""
        return self.annotate(demand=Count("votes"), last_asked_at=Max("votes__created_at")).order_by(
            "-demand", "-last_asked_at", "pk"
        )


class GuideRequest(models.Model):
    # A key rather than a foreign key: a destination can be one of our roles or any official occupation.
    destination = models.CharField(
        max_length=80, unique=True, help_text='What the guide would lead to: "role:<slug>" or "occupation:<SOC code>".'
    )
    title = models.CharField(max_length=200, help_text="The destination's name when it was first asked for.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GuideRequestQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def add_vote(self, *, user=None, visitor="", starting_point=""):
        """Count one person once, whatever they click: True when this vote is new."""
        person = {"user": user} if user else {"visitor": visitor}
        _, created = self.votes.get_or_create(**person, defaults={"starting_point": starting_point[:200]})
        return created


class GuideRequestVote(models.Model):
    request = models.ForeignKey(GuideRequest, on_delete=models.CASCADE, related_name="votes")
    # A signed-in person, or an anonymous one known by a random token kept in their session.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="guide_requests"
    )
    visitor = models.CharField(max_length=64, blank=True)
    starting_point = models.CharField(max_length=200, blank=True, help_text="The job they said they have now.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "user"], condition=Q(user__isnull=False), name="one_guide_request_per_user"
            ),
            models.UniqueConstraint(
                fields=["request", "visitor"], condition=~Q(visitor=""), name="one_guide_request_per_visitor"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(visitor=""), name="guide_request_vote_has_a_person"
            ),
        ]

    def __str__(self):
        return f"{self.request} ({self.created_at:%Y-%m-%d})"

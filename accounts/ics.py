"""A journey's dates as an iCalendar file (RFC 5545): the target date (or, without one, the projected finish)
and the next step, as all-day events. UIDs are stable, so importing the file again updates the same events."""

from datetime import timedelta

import icalendar
from django.utils import timezone


def all_day(uid, day, summary, description, url):
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: the day stays free
    return event


def journey_calendar(journey, *, host, guide_url, next_step_url):
    """The calendar for one journey (annotated with_progress()), as bytes; None when it has no date to hold."""
    transition = journey.transition
    guide = f"{transition.from_role} to {transition.to_role}"
    progress = f"Progress: {journey.finished_count} of {journey.step_count} steps ({journey.percent} %)."
    events = []
    if journey.target_date:
        events.append(
            all_day(
                f"careerhub-journey-{journey.pk}-target@{host}",
                journey.target_date,
                f"Target: {transition.to_role} (CareerHub)",
                f"Your target date for the career change {guide}. {progress}",
                guide_url,
            )
        )
    elif journey.projection.is_projected:
        projection = journey.projection
        events.append(
            all_day(
                f"careerhub-journey-{journey.pk}-projected-finish@{host}",
                projection.finish_date,
                f"Projected finish: {transition.to_role} (CareerHub)",
                f"No target date is set for {guide}. At your pace so far ({projection.steps_per_week:.1f} steps a "
                f"week) you would finish all steps around this day. {progress}",
                guide_url,
            )
        )
    if journey.next_step_id:
        events.append(
            all_day(
                f"careerhub-journey-{journey.pk}-step-{journey.next_step_id}@{host}",
                timezone.localdate(),
                f"Next step: {journey.next_step_title}",
                f"Your next step in {guide}. {progress}",
                next_step_url,
            )
        )
    if not events:
        return None
    cal = icalendar.Calendar()
    cal.add("prodid", "-//CareerHub//Learner calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"CareerHub: {guide}")
    for event in events:
        cal.add_component(event)
    return cal.to_ical()

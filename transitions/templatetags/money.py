"""Money and percentage filters: `{{ role.salary|money:role.salary_currency }}` gives "$65,000"."""

from django import template

register = template.Library()

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$", "INR": "₹", "JPY": "¥"}
MINUS = "\N{MINUS SIGN}"


@register.filter
def money(amount, currency="USD"):
    if amount is None or amount == "":
        return ""
    sign = MINUS if amount < 0 else ""
    symbol = SYMBOLS.get(currency)
    figure = f"{abs(amount):,}"
    return f"{sign}{symbol}{figure}" if symbol else f"{sign}{currency} {figure}"


@register.filter
def signed_money(amount, currency="USD"):
    """Like `money`, with a "+" in front of a gain."""
    text = money(amount, currency)
    return f"+{text}" if amount and amount > 0 else text


@register.filter
def signed_percent(value):
    if value is None or value == "":
        return ""
    if value > 0:
        return f"+{value}%"
    if value < 0:
        return f"{MINUS}{abs(value)}%"
    return "0%"

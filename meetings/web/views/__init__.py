"""The page views, by area: the meeting, its settings, its participants, their slots.

Thin views over ``meetings.services``. Without JavaScript every control is a plain form (POST,
a 303, a GET of the meeting as stored); the page's script sends the same forms with a
``Meetifyr-Fragment: 1`` header and gets the re-rendered meeting fragment instead.
"""

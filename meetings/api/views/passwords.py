"""A participant's password under ``/v1/<store>/meetings/{url_code}/participants/{id}``:
``PUT``/``DELETE .../password`` (its own key) and ``POST .../session`` (the password gives a
key). ``MeetingViewSet`` takes these routes from this mixin."""

from __future__ import annotations

from typing import Any

from django.http.response import HttpResponseBase
from django.views.decorators.debug import sensitive_variables
from rest_framework import serializers as drf_serializers
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from meetings import limits, services
from meetings.api import openapi_passwords, serializers
from meetings.api.views.base import StoreViewSet, id_value, no_store, validated
from meetings.domain import own_key_require


class ParticipantPasswordActions(StoreViewSet):
    def _participant(self, raw: str) -> Any:
        field = serializers.id_field(self.repo.id_kind)
        try:
            return id_value(field.run_validation(raw))
        except drf_serializers.ValidationError as error:
            raise drf_serializers.ValidationError({"participant_id": error.detail}) from error

    @sensitive_variables("password")
    def _password_set(
        self, request: Request, url_code: str, participant_id: str, password: str | None
    ) -> HttpResponseBase:
        services.participant_password_set(
            repo=self.repo,
            url_code=url_code,
            participant_id=self._participant(participant_id),
            password=password,
            key=self.key(request),
        )
        return no_store(Response(status=status.HTTP_204_NO_CONTENT))

    @openapi_passwords.participant_password_set
    @action(
        detail=True,
        methods=["put"],
        url_path=r"participants/(?P<participant_id>[^/]+)/password",
        url_name="participant-password",
    )
    @sensitive_variables("data")  # the password: never in an error report's locals
    def participant_password(
        self, request: Request, url_code: str, participant_id: str
    ) -> HttpResponseBase:
        own_key_require(self.key(request))  # no key: 401 before anything else
        data = validated(serializers.PasswordInput(data=request.data))
        return self._password_set(request, url_code, participant_id, data["password"])

    @openapi_passwords.participant_password_remove
    @participant_password.mapping.delete
    def participant_password_remove(
        self, request: Request, url_code: str, participant_id: str
    ) -> HttpResponseBase:
        own_key_require(self.key(request))
        return self._password_set(request, url_code, participant_id, None)

    @openapi_passwords.participant_session
    @action(
        detail=True,
        methods=["post"],
        url_path=r"participants/(?P<participant_id>[^/]+)/session",
        url_name="participant-session",
    )
    @sensitive_variables("data")
    def participant_session(
        self, request: Request, url_code: str, participant_id: str
    ) -> HttpResponseBase:
        parsed = self._participant(participant_id)
        data = validated(serializers.PasswordInput(data=request.data))
        limits.limit_check(request, limits.KEY_FAILURES)  # past the limit: nothing is hashed
        key = services.participant_sign_in(
            repo=self.repo, url_code=url_code, participant_id=parsed, password=data["password"]
        )
        return no_store(Response({"participant_id": parsed, "participant_key": key}))

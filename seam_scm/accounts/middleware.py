from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """Speak the language the user chose on their profile; others get the cookie or Thai.

    Replaces LocaleMiddleware: we never read Accept-Language, because the product
    is Thai first and an English browser should not switch it by itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self.language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response

    @staticmethod
    def language_for(request) -> str:
        supported = {code for code, _name in settings.LANGUAGES}
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language in supported:
            return user.language
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if cookie in supported:
            return cookie
        return settings.LANGUAGE_CODE

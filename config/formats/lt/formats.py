# Django's own lt formats use "." as the thousands separator; Lithuanian (CLDR) uses a
# no-break space. Everything else follows Django's lt module.
from django.conf.locale.lt.formats import *  # noqa: F403

THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"

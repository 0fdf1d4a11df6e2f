from django.contrib import admin

from explorer.models import Design, Job, Revision

admin.site.register(Design)
admin.site.register(Revision)
admin.site.register(Job)

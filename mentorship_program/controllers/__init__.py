from . import portal
from . import portal_pair
from . import portal_journal
from . import portal_request
from . import portal_circle
from . import portal_profile
from . import enrollment_import
from . import portal_personal_data

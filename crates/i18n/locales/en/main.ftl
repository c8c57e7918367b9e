# portail — English. Every key here must exist in fr/main.ftl too (a test checks).
language-name = English
skip-to-content = Skip to main content
nav-language = Language
nav-account = Your account
nav-applications = My applications
nav-account-settings = Account
signed-in-as-elided = Signed in as
signed-in-as = Signed in as
sign-in = Sign in
sign-out = Sign out
register = Create an account
demo-banner = Demonstration site of a fictional agency. Do not enter real personal information.
footer-fictional = portail is open-source software. This agency is fictional; it is not a government service.
back-to-sign-in = Back to sign in
retry-after = Please wait { $seconds } seconds, then try again.

landing-title = Secure account
landing-lead = Apply for a visitor visa, a study or work permit, or permanent residence, and follow your application online.
landing-signin-title = Already have an account?
landing-signin-text = Sign in with your username, your password and the code from your authenticator app.
landing-register-title = New here?
landing-register-text = Anyone can create an account. No invitation is needed.

register-title = Create your account
register-intro = You will choose a username and a password, confirm your email address, then set up a second sign-in step with an authenticator app.
register-submit = Create account
register-have-account = Already have an account?
field-username = Username
field-username-hint = 3 to 32 characters: letters, digits, dots, dashes or underscores.
field-email = Email address
field-password = Password
field-new-password = New password
field-password-hint = At least 12 characters. Long passphrases are welcome; no special characters are required.
field-password-confirm = Type the new password again
field-current-password = Current password
field-email-code = Confirmation code
field-totp-code = 6-digit code from your app
field-verify-code = Code
field-verify-code-hint = The 6-digit code from your authenticator app, or one of your recovery codes.

username-invalid = Enter a username of 3 to 32 characters: letters, digits, dots, dashes or underscores.
username-taken = This username is not available. Choose another one.
email-invalid = Enter an email address in the form name@example.com.
password-too-short = Your password must have at least 12 characters.
password-too-long = Your password must have at most 256 characters.
password-too-common = This password is too common and easy to guess. Choose another one.
password-contains-username = Your password must not contain your username.
password-mismatch = The two passwords are not the same.
current-password-wrong = The current password is not right.

setup-step-1 = Step 1 of 2
setup-step-2 = Step 2 of 2
confirm-title = Confirm your email address
confirm-intro = We sent an 8-digit code to { $email }. Enter it below. The code works for 30 minutes.
confirm-submit = Confirm
confirm-no-code = No code arrived?
confirm-resend = Send a new code
code-wrong = This code is not right. Check the latest email we sent.
code-expired = This code has expired. Ask for a new one.
code-too-many = Too many wrong codes. Ask for a new one.
code-missing = There is no code waiting. Ask for a new one.
code-resent = We sent a new code. Codes sent before it no longer work.

mfa-title = Set up your authenticator app
mfa-intro = Each time you sign in, you will enter your password and a code from an app on your phone or computer.
mfa-step-app = Open an authenticator app (for example FreeOTP, Aegis, Google Authenticator or Microsoft Authenticator).
mfa-step-scan = Add an account in the app by scanning this QR code.
mfa-qr-caption = QR code for your authenticator app
mfa-secret-label = If you cannot scan it, enter this key in the app instead:
mfa-step-code = Enter the 6-digit code that the app shows.
mfa-submit = Turn on
totp-wrong = This code is not right. Enter the code your app shows now.
totp-wrong-enrol = This code is not right. The key above has not changed: enter the code your app shows now for this account.
totp-replayed = This code was already used. Wait for the next code in your app.

recovery-title = Save your recovery codes
recovery-done = Your authenticator app is set up.
recovery-intro = If you lose your phone, each of these codes lets you sign in once instead of a code from the app. Print them or keep them in a password manager.
recovery-once = This is the only time these codes are shown.
recovery-download = Download the codes (text file)
recovery-print = To print them, print this page (Ctrl+P or ⌘+P): only the codes and these instructions are printed.
recovery-file-heading = Recovery codes of { $username } — { $brand }
recovery-file-footer = Each code lets you sign in once instead of a code from your authenticator app. Keep this file safe.
recovery-continue = I saved my codes — continue

recovery-wrong = This recovery code is not right or was already used. Each code works once.
signin-title = Sign in
signin-submit = Continue
signin-forgot = Forgot your password?
signin-register = Create an account
signin-wrong = The username or password is not right.
signin-msg-timeout = You were signed out after 20 minutes without activity. Sign in again to continue.
signin-msg-signed-out = You are signed out.
signin-msg-reset = Your password is changed. Sign in with it and your authenticator code.
signin-msg-everywhere = You are signed out on every device.
signin-msg-factor-locked = Too many wrong codes. Sign in again from the start.
verify-title = Enter your code
verify-intro = Open your authenticator app and enter the code it shows.
verify-submit = Sign in

forgot-title = Reset your password
forgot-intro = Enter the email address of your account. We will send a link to choose a new password.
forgot-submit = Send the link
forgot-sent = If an account uses this address, we sent it a link. The link works for 30 minutes, once.
reset-title = Choose a new password
reset-submit = Save the new password
reset-invalid = This link has expired or was already used.
reset-ask-again = Ask for a new link

home-title = My applications
home-empty = You have no applications yet.

account-title = Account
account-profile = Your account
account-sign-in-methods = How you sign in
account-recovery-left = Recovery codes left
method-password-totp = Password and authenticator app
account-change-password = Change your password
account-change-password-submit = Change password
account-msg-password-changed = Your password is changed. Your other sessions were ended.
account-mfa = Authenticator app
account-mfa-text = Move your codes to a new phone or app. You will get new recovery codes; the old ones stop working.
account-mfa-reenrol = Set up a new authenticator app
account-sessions = Where you are signed in
session-browser = Browser
session-started = Signed in
session-last-active = Last active
session-action = Action
session-this-one = this one
session-end = End
account-msg-session-ended = That session has ended.
account-sign-out-everywhere = Sign out everywhere
browser-on = { $browser } on { $os }
browser-unknown = Unknown browser
reauth-title = Confirm it is you
reauth-intro = For your security, enter your password and a code again before changing your authenticator app.

idle-warning-title = Are you still there?
idle-warning-text = You will be signed out in 2 minutes because there has been no activity.
idle-warning-stay = Stay signed in

apply-title = Apply
apply-intro = Choose what you want to apply for. You can see what each application asks before you start, save as you go and come back later.
apply-temporary = Visit, study or work
apply-permanent = Permanent residence
apply-see-what = See what it asks and start
apply-start = Start this application
preview-title = What this application asks
preview-questions = Questions
preview-conditional = only in some cases
preview-family = You can include family members (spouse or partner, dependent children).
preview-documents = Documents you may be asked for
preview-fees = Fees
kind-date = a date
required = Required
optional = Optional
who-principal = for you
who-everyone = for you and each family member
who-each-member = for each family member
who-each-adult = for each person 18 or older
stage-draft = Draft
stage-submitted = Submitted
stage-received = Received
stage-in-progress = In progress
stage-approved = Approved
stage-refused = Refused
stage-withdrawn = Withdrawn
stage-returned = Returned as incomplete
waiting-finish-draft = Finish and submit your application
home-apply = Start an application
home-msg-draft-deleted = The draft was deleted.
home-col-application = Application
home-col-number = Number
home-col-stage = Status
home-col-waiting = Waiting on you
home-col-updated = Last change
draft-title = Your application
draft-saved-note = Each section is saved when you continue. You can leave and come back at any time.
draft-questions = Questions
draft-progress = Sections complete: { $done } of { $of }
task-done = Complete
task-todo = To do
draft-family = Family members
draft-no-family = You have not added any family member.
member-name = Name
member-remove = Remove
member-add = Add a family member
member-title = Add a family member
members-too-many = You cannot add more family members to one application.
field-given-names = Given names
field-family-name = Family name
field-relationship = Relationship to you
field-date-of-birth = Date of birth
relationship-spouse = Spouse
relationship-common-law-partner = Common-law partner
relationship-dependent-child = Dependent child
back-to-application = Back to the application
draft-checklist = Your document checklist
draft-checklist-note = This list follows your answers and your family members.
checklist-document = Document
checklist-person = For
checklist-needed = Needed
person-you = You
draft-fees = Fees
fee = Fee
fee-persons = People
fee-amount = Amount
fee-total = Total
draft-delete = Delete this draft
delete-title = Delete this draft?
delete-text = The draft and its answers will be deleted. This cannot be undone:
delete-confirm = Yes, delete the draft
cancel = Cancel
section-title = Questions
section-save = Save and continue
draft-changed = This draft was changed elsewhere (another window?). Your answers here were not saved; check them and save again.
field-condition = Answer only if your answer to “{ $question }” is: { $answer }
hint-date = For example, 25 4 1990.
date-day = Day
date-month = Month
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
date-year = Year
hint-money = In Canadian dollars, for example 5000 or 5000.00.
choose-country = Choose a country
yes = Yes
no = No
answer-required-named = Answer “{ $question }”
answer-required = Answer this question.
answer-too-long = This answer is too long.
answer-text-invalid = This answer contains characters that are not allowed.
answer-date-invalid = Enter the date in numbers: day, month and year, for example 25 4 1990.
answer-date-incomplete = Enter the day, the month and the year.
answer-date-incomplete-named = “{ $question }” must include a day, a month and a year
answer-date-year = Enter the year with four digits, for example 1990.
answer-date-not-real = Enter a real date: that day does not exist.
answer-date-not-real-named = “{ $question }” must be a real date (that day does not exist)
answer-date-not-after = This date must come after the one before it.
answer-date-not-after-named = “{ $question }” must be after “{ $other }”
answer-date-not-past-named = “{ $question }” must be in the past
answer-date-not-future-named = “{ $question }” must be in the future
answer-date-not-past = Enter a date in the past.
answer-date-not-future = Enter a date in the future.
answer-country-invalid = Choose a country from the list.
answer-choice-invalid = Choose one of the answers.
answer-number-invalid = Enter a whole number, for example 3.
answer-number-range = This number is outside the accepted range.
answer-money-invalid = Enter an amount in dollars, for example 1500 or 1500.50.

document-title = Document
checklist-file = File
checklist-missing = Not uploaded
checklist-uploaded = Uploaded
upload-current = The file you uploaded
upload-file-name = File
upload-size = Size
upload-time = Uploaded
upload-receipt = Receipt (SHA-256 of the file as kept)
upload-remove = Remove this file
upload-replace = Replace it with another file
upload-choose = Upload the file
upload-file-label = Choose a file
upload-limits = PDF, JPEG or PNG, up to { $mib } MiB. Several pages: combine them into one PDF. Photos are re-saved without their hidden data (such as location).
upload-progress = Sending
upload-submit = Upload
upload-done = Your file was received.
upload-next = Next document: { $document }
upload-all-done = Every required document is there: check your answers
upload-removed = The file was removed.
upload-no-file = Choose a file to upload.
upload-too-large = This file is larger than { $mib } MiB. Make it smaller (for example, scan at 150 dpi) and try again.
upload-application-full = The documents of this application would be over { $total } MiB in all. Make some files smaller or remove one.
upload-cut = The upload did not finish. Check your connection and try again.
upload-one-file = Send one file at a time.
upload-empty = This file is empty.
upload-wrong-type = This file is not a PDF, JPEG or PNG. Its name does not matter: we check what it contains.
upload-pdf-broken = This PDF cannot be opened. Save it again as a PDF and try again.
upload-image-broken = This picture cannot be read. Save it again as JPEG or PNG and try again.
upload-image-too-big = This picture has too many pixels. Resize it (for example to 4000 pixels on its longest side) and try again.
size-mb = { $n } MB
size-kb = { $n } kB
size-bytes = { $n } bytes

home-link = Link an application made on paper
draft-review = Review, pay and submit
review-title = Check your answers and submit
check-intro = Check your answers before you sign the declaration and pay. Use “Change” to go back to a question; you come back here when you save it.
check-change = Change
check-not-answered = Not answered
check-no-family = None added
check-not-uploaded = Not uploaded yet
check-not-uploaded-optional = Not uploaded (optional)
pay-and-submit = Pay { $amount } and submit
review-check = Is everything there?
review-complete = Everything required is there.
review-incomplete = Some things are still missing:
review-section-incomplete = questions still to answer
review-document-missing = document still to upload
pay-title = Fee
pay-paid = Paid
pay-done = Your payment was accepted.
pay-demo-note = Demonstration payment: use the test card 4242 4242 4242 4242 with any future expiry date. No real money moves.
card-number = Card number
card-expiry = Expiry date
card-expiry-hint = MM/YY, for example 08/29
card-name = Name on the card
pay-submit = Pay
card-number-invalid = Enter a valid card number (the digits on the front of the card).
card-expiry-invalid = Enter the expiry date as MM/YY; the card must not have expired.
card-name-invalid = Enter the name as it is on the card.
card-declined = The card was declined. Check the details or use another card.
declaration-title = Declaration
declaration-text = I declare that the information I have given in this application is truthful, complete and correct, and that the documents I uploaded are true copies.
declaration-agree = I agree with this declaration.
declaration-name = Type your full name to sign
declaration-name-missing = Type your full name to sign the declaration.
declaration-not-agreed = Tick the box to agree with the declaration.
submit-button = Submit the application
submit-sections-missing = Answer every section before you submit.
submit-documents-missing = Upload every required document before you submit.
submit-not-paid = Pay the fee before you submit.
submitted-title = Application submitted
submitted-number = Your application number is:
submitted-email = We sent you an email. Keep your application number: you will need it if you contact us.
submitted-next = What happens next
submitted-next-text = We check that the application is complete. When it is, you will get an acknowledgement of receipt in your account, and your application's status will show here as it moves.
submitted-receipt = Download the receipt of your submission (PDF)
submitted-status = See the status of your application
receipt-title = Receipt of submission
receipt-intro = This receipt lists what you submitted. Keep it for your records.
receipt-submitted-at = Submitted
receipt-principal = Principal applicant
receipt-payment = Payment receipt
receipt-documents = Documents
receipt-answers = Your answers
receipt-declaration = Declaration
receipt-signed-by = Signed by
status-title = Application status
status-steps = Processing steps
status-step = Step
status-timeline = History
status-msg-withdrawn = Your application was withdrawn.
status-msg-linked = The application is now linked to your account.
step-eligibility = Review of eligibility
step-biometrics = Biometrics
step-medical = Medical exam
step-background = Background check
step-interview = Interview
step-additional-documents = Additional documents
step-state-not-started = Not started
step-state-waiting-on-you = Waiting on you
step-state-in-progress = In progress
step-state-done = Done
step-state-not-applicable = Not applicable
event-draft-started = Draft started
event-fee-paid = Fee paid
event-submitted = Application submitted
event-withdrawn = Application withdrawn at your request
event-received-on-paper = Application received on paper
event-linked = Application linked to your account
withdraw-link = Withdraw this application
withdraw-title = Withdraw your application?
withdraw-text = If you withdraw, we stop processing this application. Fees are refunded only if processing has not started.
withdraw-reason = Reason
withdraw-confirm = Yes, I want to withdraw this application.
withdraw-submit = Withdraw the application
withdraw-not-confirmed = Tick the box to confirm that you want to withdraw.
link-title = Link an application made on paper
link-intro = If you applied on paper or elsewhere, enter the details exactly as on your acknowledgement letter. After 5 wrong tries, linking is locked for 24 hours.
link-number-hint = One letter and nine digits, for example V123456789
link-uci = Unique client identifier (UCI)
link-uci-hint = 8 or 10 digits, for example 1234-5678
link-submit = Link the application
link-number-invalid = Enter the application number: one letter and nine digits.
link-uci-invalid = Enter your UCI: 8 or 10 digits.
link-no-match = We could not find an application with these details. Check them and try again ({ $left } tries left).
mail-submitted-subject = Your application was submitted
mail-submitted-body = Hello,

    Your application was submitted. Your confirmation, your application number and the receipt of
    your submission are in your account:

    { $url }
mail-withdrawn-subject = Your application was withdrawn
mail-withdrawn-body = Hello,

    As you asked, your application was withdrawn. Details are in your account:

    { $url }

    If you did not ask for this, contact us at once.

nav-office = Back office
nav-inbox = Messages and letters
nav-unread = unread
inbox-title = Messages and letters
inbox-empty = You have no messages or letters yet.
inbox-letter = Letter
inbox-item = Message or letter
inbox-message = Message
inbox-new = New
office-title = Work queue
office-file-title = File
office-program = Program
office-all = All
office-older-than = Submitted more than … days ago
office-search = Number, UCI or name
office-mine = Only files I have taken
office-filter = Show
office-files-count = { $n ->
    [one] { $n } file
   *[other] { $n } files
}
office-taken = Taken
office-take = Take this file
office-release = Release this file
office-taken-by-other = Another officer has taken this file.
office-decide = Decide
office-confirm-title = Confirm the decision
office-confirm-approve = Approve this application?
office-confirm-refuse = Refuse this application?
office-confirm-return = Return this application as incomplete?
office-confirm-final = The letter goes to the applicant at once, with an email, and the file is closed: a decision cannot be undone.
office-confirm-reasons = Your reasons, as the letter gives them
office-confirm-cancel = No, back to the file
office-action-acknowledge = Acknowledge receipt (AOR letter)
office-action-start = Start processing
office-action-approve = Approve (approval letter)
office-action-refuse = Refuse (refusal letter)
office-action-return = Return as incomplete (letter)
office-reasons = Reasons, for the letter
office-set = Set
office-letters = Letters
office-section-personal = About the applicant
office-section-job = The applicant's work
office-section-sponsor = The sponsor
office-section-studies = The applicant's studies
office-section-trip = The visit
office-notes = Notes
office-notes-hint = Notes are for staff only unless you mark one as part of the file: the applicant then reads it in the file's history.
office-note-mark-on-file = Part of the file: the applicant reads this note in the history
office-note-on-file = part of the file
office-add-note = Add a note
office-save-note = Save the note
office-note-invalid = Write a note of at most 5,000 characters.
office-msg-acknowledge = Receipt acknowledged: the acknowledgement letter was sent to the applicant.
office-msg-start = Processing started: the applicant sees the file as in progress.
office-msg-approve = Approved: the approval letter was sent to the applicant.
office-msg-refuse = Refused: the refusal letter, with your reasons, was sent to the applicant.
office-msg-return = Returned as incomplete: the letter, with your reasons, was sent to the applicant.
office-msg-step = The processing step was updated; the applicant sees it on the status page.
office-msg-letter = The letter was sent to the applicant.
office-msg-message = Your message was sent; the applicant is told by email that a message waits.
office-msg-requested = The request was sent to the applicant with its deadline.
office-msg-extension-granted = More time was granted: the new deadline was sent to the applicant.
office-msg-extension-refused = The extension was refused; the applicant was told, and the deadline stays.
office-msg-noted = The note was saved.
office-stale = Someone changed this file while you were reading it. Here is the file as it is now: check it and act again.
office-not-allowed = This action does not fit the file's current state.
letter-unknown = This kind of letter does not exist.
letter-missing-value = The letter cannot be written: the file lacks the applicant's name or number.
letter-missing-reasons = Write the reasons: the letter must give them.
letter-date = Date
letter-greeting = Dear { $name },
letter-closing = Sincerely, the processing team
letter-reasons = Reasons
letter-aor-title = Acknowledgement of receipt
letter-aor-body = We received your application for { $type } (number { $number }) and it is complete. We will now process it.

    You can follow its status in your account. Quote your application number whenever you contact us.
letter-approval-title = Your application is approved
letter-approval-body = We are pleased to tell you that your application for { $type } (number { $number }) is approved.

    Instructions for the next steps are in your account.
letter-refusal-title = Decision on your application
letter-refusal-body = We have carefully reviewed your application for { $type } (number { $number }). We regret to tell you that it is refused, for the reasons below.
letter-returned-title = Your application is returned as incomplete
letter-returned-body = Your application for { $type } (number { $number }) is returned because it is incomplete, for the reasons below. You may apply again with everything required.
event-acknowledged = Receipt acknowledged
event-processing-started = Processing started
event-approved = Application approved
event-refused = Application refused
event-returned = Application returned as incomplete
event-step-changed = A processing step changed
mail-letter-subject = You have a new letter
mail-letter-body = Hello,

    A new letter about your application is waiting in your account:

    { $url }

request-title = Request for documents
request-deadline = Deadline
request-days-left = { $days ->
    [one] 1 day left
   *[other] { $days } days left
}
request-overdue = The deadline has passed. Upload what is asked as soon as you can; the officer sees that it is late.
request-overdue-tag = Overdue
request-note = Message from the officer
request-items = What we ask for
request-send = Send my answer
request-answered = Your answer was sent.
request-items-missing = Upload a file for each item before you send your answer.
request-more-time = Need more time?
request-extension = More time
request-extension-why = Explain why you need more time
request-extension-ask = Ask for more time
request-extension-reason = Explain why you need more time (at most 2,000 characters).
request-extension-closed = More time can be asked only once, before the deadline.
request-extension-pending = You asked for more time; an officer will answer.
request-extension-granted = More time was granted: the deadline above is the new one.
request-extension-refused = More time was not granted.
request-days-invalid = Give the number of days, from 1 to 365.
request-status-open = Open
request-status-answered = Answered
request-status-closed = Closed
status-requests = Requests for documents
office-requests = Requests for documents
office-request-items = Ask for these documents
office-request-free = Other documents (one per line)
office-request-days = Days to answer
office-request-note = Message to the applicant (shown in the letter)
office-request-send = Send the request
office-extension-asked = More time asked
office-extension-grant = Grant 30 more days
office-extension-refuse = Refuse
letter-missing-items = Choose at least one document to ask for.
letter-items = What we ask for
letter-document_request-title = Request for documents
letter-document_request-body = To continue processing your application for { $type } (number { $number }), we need the documents listed below by { $deadline }.

    Upload them from your account, on the page of this request. If you cannot meet the deadline, you can ask for more time there before it passes.
event-documents-requested = Documents requested
event-request-answered = Requested documents sent
event-extension-asked = More time asked
event-extension-granted = More time granted
event-extension-refused = More time refused
mail-reminder-subject = A deadline is coming up
mail-reminder-body = Hello,

    A request about your application is waiting for your answer, and its deadline is coming up:

    { $url }
mail-overdue-subject = A deadline has passed
mail-overdue-body = Hello,

    The deadline of a request about your application has passed. Answer it as soon as you can:

    { $url }

history-title = Full history of your application
history-intro = Everything that happened to your application, with dates and who acted. Officers are shown by their badge number.
history-pdf = Download it as a PDF
history-link = Full history of this application
history-what = What happened
history-who = Who
history-you = You
history-note = Note on your file: { $text }
history-officer = Officer no. { $badge }
history-action-submitted = Application submitted
history-action-withdrawn = Application withdrawn
history-action-acknowledge = Receipt acknowledged
history-action-start = Processing started
history-action-approve = Application approved
history-action-refuse = Application refused
history-action-return = Application returned as incomplete
history-action-documents-requested = Documents requested
history-action-request-answered = Requested documents sent
history-action-extension-asked = More time asked
history-action-extension-granted = More time granted
history-action-extension-refused = More time refused

office-send-letter = Send a letter
office-letter-kind = Letter
office-letter-text = Text for the letter (required for a message or a procedural fairness letter)
office-letter-date = Date (for an interview)
office-letter-send = Send the letter
letter-missing-date = Give the interview date, today or later.
event-letter-sent = A letter was sent
letter-biometrics-title = Biometrics instruction letter
letter-biometrics-body = To process your application for { $type } (number { $number }), we need your fingerprints and photo (biometrics).

    Give your biometrics within 30 days at a collection point, with this letter and your passport.
letter-medical-title = Medical exam instructions
letter-medical-body = To process your application for { $type } (number { $number }), you and the family members named in it must have a medical exam with a panel physician within 30 days.

    Bring this letter and your passport to the exam; the physician sends the results to us.
letter-interview-title = Interview notice
letter-interview-body = We invite you to an interview about your application for { $type } (number { $number }) on { $deadline }.

    Bring your passport and the originals of the documents you uploaded. If you cannot come on that day, write to us at once.
letter-passport_request-title = Passport request
letter-passport_request-body = A decision on your application for { $type } (number { $number }) is near. Send your passport as instructed in your account, so that we can place the visa in it.
letter-procedural_fairness-title = Procedural fairness letter
letter-procedural_fairness-body = Before we decide on your application for { $type } (number { $number }), we want to give you the chance to answer a concern, described below.

    You may send us your answer and any documents within 30 days.
letter-message-title = Message from the agency
letter-message-body = About your application for { $type } (number { $number }):

messages-title = Messages about this application
messages-link = Write to us about this application
messages-empty = No messages yet.
message-from-agency = The agency
message-write = Write a message
message-subject = Subject
message-body = Your message
message-send = Send the message
message-reply = Send a reply
message-sent = Your message was sent. You will get an email when we reply.
message-subject-invalid = Write a subject of at most 150 characters.
message-body-invalid = Write a message of at most 5,000 characters.
mail-message-subject = You have a new message
mail-message-body = Hello,

    A new message about your application is waiting in your account:

    { $url }

staff-title = Staff accounts
staff-role = Role
staff-mfa = MFA enrolled
staff-create = Create a staff account
staff-create-submit = Create the account
staff-created = The account { $username } was created.
staff-password-once = Give this temporary password to the person in a safe way. It is shown only now. At the first sign-in they set up their authenticator app; they should then change the password.
role-officer = Officer
role-administrator = Administrator
role-applicant = Applicant
role-representative = Representative

message-attachment = Attachment
message-attachment-optional = Attach a file (optional)
upload-limits-short = PDF, JPEG or PNG, up to 10 MiB.

office-step-state = Step state

error-title = Something went wrong
error-title-not-found = Page not found
error-home = Go to the home page
error-summary-title = There is a problem
error-not-found = We could not find that page.
error-method = This page cannot be used that way.
error-csrf = This form has expired or did not come from this site. Go back, reload the page and try again.
error-bad-request = The request could not be understood.
error-form-malformed = The form could not be read. Reload the page and try again.
error-too-large = What you sent is too large.
error-too-many = Too many attempts. Please wait a moment, then try again.
error-busy = The service is very busy right now and could not check your password. Nothing was changed. Please wait a few seconds, then try again.
error-storage-full = The service cannot store anything just now: its storage is full. Nothing was saved. The team has been alerted; please try again in a few minutes.
error-timeout = The request took too long. Try again.
error-internal = Something went wrong on our side. Try again in a few minutes.
error-forbidden = You cannot do this here.
error-managed-in-pr = This application is now managed in the PR portal. Go to the PR portal to act on it.

demo-mail-title = Demo mailbox
demo-mail-intro = In the demo, mail is written to files instead of being sent. The newest is first.
demo-mail-from = From
demo-mail-to = To
demo-mail-date = Date
demo-mail-empty = No mail yet.

mail-confirm-subject = Your confirmation code
mail-confirm-body = Hello,

    Your code to confirm your email address is: { $code }

    Enter it on the page "Confirm your email address" ({ $url }). The code works for 30 minutes.

    If you did not create an account, you can ignore this email.
mail-reset-subject = Reset your password
mail-reset-body = Hello,

    Someone asked to reset the password of the account "{ $username }".
    To choose a new password, open this link within 30 minutes:

    { $link }

    If you did not ask for this, ignore this email: your password stays the same.
mail-password-changed-subject = Your password was changed
mail-password-changed-body = Hello,

    The password of your account was just changed.

    If you did not do this, reset your password at once and contact us. Sign in: { $url }
mail-mfa-changed-subject = Your authenticator app was changed
mail-mfa-changed-body = Hello,

    A new authenticator app was set up for your account, and new recovery codes were made.

    If you did not do this, contact us at once. Your account: { $url }

## Sign-In Partners
signin-with-password = With your username and password
signin-partner-heading = With a Sign-In Partner
signin-partner-intro = Use the online-banking sign-in of a partner instead of a username and password. The partner does not tell us your banking details; it only confirms who you are.
signin-partner-link = Sign in with { $partner }
signin-partner-sign-out = You are signed out of this site. You may still be signed in at your partner: sign out at { $partner } too
signin-msg-signed-out-partner = You are signed out, here and at your Sign-In Partner.
partner-problem-title = Sign-in through a partner did not work
partner-problem-unknown = There is no Sign-In Partner by that name.
partner-problem-unavailable = { $partner } is not answering right now. Try again in a few minutes, or sign in another way.
partner-problem-cancelled = You cancelled the sign-in at { $partner }. Nothing was changed.
partner-problem-expired = The sign-in took more than 10 minutes and has expired. Start again.
partner-problem-refused = We could not confirm who you are with this sign-in. Nothing was changed. Start again from the sign-in page.
partner-problem-retry = Try the partner again
partner-problem-other-way = Go to the sign-in page
partner-email-title = Finish creating your account
partner-email-intro = { $partner } confirmed who you are. To finish, give the email address where we should write to you: we will send a code to confirm it.
partner-email-submit = Send the code
method-partner = Sign-In Partner: { $partner }
method-partner-totp = Sign-In Partner: { $partner }, then a code from your authenticator app
account-partner-assurance = What your partner reported at your last sign-in
assurance-summary = level { $acr }; methods { $amr } ({ $at })
assurance-none = not stated
account-mfa-partner-on = After your Sign-In Partner, we also ask for a code from your authenticator app.
account-mfa-partner-off = Your Sign-In Partner checks who you are. You can also ask for a code from an authenticator app each time you sign in here.
account-mfa-add = Add an authenticator app
mail-pr-invite-subject = Your application { $number } moved to the PR portal
mail-pr-invite-body = Hello,

    Your permanent residence application { $number } is now managed in the PR portal, where you will confirm your permanent residence.

    Your invite code: { $code }

    What to do:
    1. Go to { $url }
    2. If you have a secure account, sign in and choose "Add a file with an invite code". If not, open { $url }/start to create your PR portal account with the code.
    3. Type the code above (capitals, spaces and dashes do not matter) and, if asked, the date of birth given in the application.

    The code works once, until { $expires }. You can also see this notice, and ask for a new code, on the home page of your secure account.

## PR portal: migration rules and waves
waves-title = Moving files to the PR portal
waves-intro = A rule says which files move to the PR portal. Preview it, then run a wave: each matching file without a code gets one, by email and in its secure account.
rules-heading = Rules
rules-none = No rule yet.
rule-new = New rule
rule-name = Name of the rule
rule-program = Program
rule-stage = Stage
rule-any = Any
rule-created-from = Files created on or after (YYYY-MM-DD)
rule-created-to = Files created on or before (YYYY-MM-DD)
rule-created = Created
rule-save = Save and preview
rule-summary = Program: { $program }; stage: { $stage }; step: { $step }; created from { $from } to { $to }
rule-title = Migration rule
rule-sample = A sample of the matching files
rule-matches = { $n ->
    [one] This rule matches { $n } file.
   *[other] This rule matches { $n } files.
}
rule-name-missing = Give the rule a name (up to 100 characters).
rule-dates-reversed = The last creation date is before the first.
rule-date-invalid = Write the date as YYYY-MM-DD.
rule-program-unknown = Choose a program from the list.
rule-stage-unknown = Choose a stage from the list.
wave-run = Run a wave with this rule
wave-run-explain = Each matching file that has no code yet gets one; files already moved are skipped. The wave runs in the background and can be followed on its page.
wave-nothing-matched = This rule matches no file: there is nothing to move.
waves-recent = Recent waves
waves-none = No wave yet.
wave-title = Wave
wave-done = Finished
wave-running = Running
wave-refresh = Refresh
wave-counts = { $issued } issued, { $skipped } skipped, { $failed } failed, of { $matched } matching
wave-exceptions = Files skipped or failed, and why
wave-no-exceptions = None.
wave-reason = Reason
wave-skipped-already-moved = Skipped: already in the PR portal
wave-failed-no-email = Failed: the account has no email address

## PR portal: invite codes in the secure account
home-moved-heading = Moved to the PR portal
home-moved-code-sent = This application moved to the PR portal. We emailed you an invite code on { $sent }; it works until { $expires }.
home-moved-no-code = This application moved to the PR portal. Ask for a code to open it there.
home-moved-redeemed = This application is managed in the PR portal (read-only here).
pr-go = Go to the PR portal
pr-new-code = Send me a new code
pr-new-code-title = Your new invite code
pr-new-code-for = Invite code for application
pr-new-code-note = We also emailed it to you. Any earlier code for this application no longer works.
pr-title = PR portal
pr-intro = Your permanent residence files managed in the PR portal.
pr-add-file = Add a file with an invite code
pr-redeem-title = Add a file with an invite code
pr-redeem-intro = Type the code from the email (capitals, spaces and dashes do not matter). If the application is not yours, give the date of birth written in it too.
pr-code = Invite code
pr-dob = Date of birth in the application (if it is not your own application)
pr-redeem-submit = Add the file
pr-no-way-in = The PR portal opens only with an invite code: add a file with your code first.
invite-unknown = This code is not right, or the date of birth is not the one in the application. Check both against the email and try again.
invite-expired = This code has expired. Ask for a new one from your secure account's home page.
invite-used = This code was already used. Each code works once.
invite-revoked = This code was replaced by a newer one. Use the latest code you received.

## PR portal (Portal 2)
pr-nav-files = My PR files
pr-nav-secure = Secure account
pr-file-title = Your PR file
pr-file-added = The file is added to your PR portal.
office-pr-not-eligible = Only a permanent-residence file that is submitted, and neither refused nor withdrawn, can be moved to the PR portal.
office-contents = On this page
office-application = The application
office-summary-submitted = Submitted
office-summary-documents = Documents
office-summary-requests = Open requests
office-request-new = Request documents
office-letter-new = Write a letter
pr-progress = { $done } of { $of } steps done
pr-progress-waiting = { $n ->
    [one] 1 step waits for an officer’s review
   *[other] { $n } steps wait for an officer’s review
}
pr-tasks = Your tasks
pr-task-presence = Declare where you are
pr-task-address = Confirm your details and mailing address
pr-task-photo = Upload your PR photo
pr-task-ecopr = Download your Confirmation of Permanent Residence (eCOPR)
pr-task-card = Your PR card
pr-task-todo = To do
pr-task-submitted = Sent, waiting for review
pr-task-accepted = Accepted
pr-task-returned = Sent back: to do again
pr-returned-because = The officer says:
pr-ecopr-ready = Ready to download
pr-ecopr-preparing = Being prepared
pr-cannot-start = Cannot start yet
pr-card-in-production = Being made
pr-card-mailed = Mailed to you
pr-letters = Letters
pr-requests = Requests
pr-documents = Documents
pr-none = None.
pr-request-open = A request is open, due { $deadline }: answer it from your secure account.
pr-live-hint = This page updates by itself when something changes (or reload it).
pr-live-updated = Updated just now.
pr-back-to-file = Back to your file
pr-task-not-open = This task is with an officer or already accepted: you cannot change it now.
pr-task-closed = This task cannot be changed now: an officer is reviewing it or has accepted it.
pr-send = Send
pr-presence-intro = Tell us whether you are in Canada now. If you are, give the date you entered.
pr-presence-question = Where are you now?
pr-presence-in = I am in Canada
pr-presence-out = I am outside Canada
pr-presence-entered = Date you entered Canada (YYYY-MM-DD)
presence-choose = Choose whether you are in Canada or outside.
presence-entry-invalid = Give the date you entered Canada as YYYY-MM-DD.
presence-entry-future = The date you entered Canada cannot be in the future.
pr-address-intro = Check the details below, then give the Canadian address where your PR card will be mailed.
pr-dob-short = Date of birth
pr-details-right = These details are right.
pr-details-confirm = Confirm that the details are right (or write to us from your secure account).
pr-address-line-label = Street address (number, street, apartment)
pr-city = City or town
pr-province = Province or territory
pr-postal = Postal code (for example K1A 0B1)
pr-address-line = Give the street address (up to 100 characters).
pr-address-city = Give the city or town (up to 60 characters).
pr-address-province = Choose the province or territory.
pr-postal-invalid = Give a Canadian postal code such as K1A 0B1 (letter, number, letter, number, letter, number).
pr-postal-province = This postal code is not in the province or territory chosen.
photo-spec = A colour photo of your face, JPEG, at least { $width } × { $height } pixels, in the proportions of a 35 × 45 mm photo, at most { $mib } MB.
pr-photo-file = Photo (JPEG)
pr-photo-given = Your photo was sent.
photo-not-jpeg = The photo must be a JPEG file (.jpg).
photo-too-large = The photo must be 4 MB or less.
photo-too-small = The photo must be at least 420 pixels wide and 540 pixels high.
photo-wrong-shape = The photo must have the proportions of a 35 × 45 mm photo (taller than wide, 7 to 9).
province-ab = Alberta
province-bc = British Columbia
province-mb = Manitoba
province-nb = New Brunswick
province-nl = Newfoundland and Labrador
province-ns = Nova Scotia
province-nt = Northwest Territories
province-nu = Nunavut
province-on = Ontario
province-pe = Prince Edward Island
province-qc = Quebec
province-sk = Saskatchewan
province-yt = Yukon
pr-start-title = Create your PR portal account with an invite code
pr-start-intro = Give the invite code from our email and the date of birth written in the application, then choose how you will sign in. You will confirm your email address and set up an authenticator app, as for any account.
pr-start-have-account = Already have an account? Sign in, then add the file with your code.
pr-start-submit = Create my account
office-pr-title = PR portal and PR confirmation
office-pr-link = PR portal and PR confirmation
office-pr-code = Invite code
office-pr-code-open = A code was sent on { $sent }; it works until { $expires }.
office-pr-code-none = No working code.
office-pr-redeemed = Managed in the PR portal by the person.
office-pr-not-moved = This file is managed in the secure account.
office-pr-move = Move to the PR portal and send a code
office-pr-new-code = Send a new code (the old one stops working)
office-pr-revoke = Revoke the code
office-pr-confirmation = PR confirmation
office-pr-presence-in = In Canada since { $date }
office-pr-photo-view = Photo sent
office-pr-see-photo = See the photo
office-pr-accept = Accept
office-pr-return = Send back
office-pr-reason-label = Reason (required to send back; shown to the person)
office-pr-decision = Decision
office-pr-choose = Choose accept or send back.
office-pr-reason = Give the reason for sending it back (up to 1,000 characters).
office-pr-not-waiting = This task is not waiting for review (it may have changed meanwhile).
office-pr-issue-ecopr = Issue the eCOPR
office-pr-not-ready = The eCOPR can be issued once the three tasks are accepted (and only once).
office-pr-ecopr-issued = The eCOPR was issued.
office-pr-card = PR card
office-pr-card-mailed = Mark the PR card as mailed
office-pr-card-not-ready = The card can be marked as mailed only after the eCOPR, once.
office-pr-msg-code-sent = A new code was emailed to the file's owner.
office-pr-msg-revoked = The code no longer works.
office-pr-msg-reviewed = Your decision is recorded.
office-pr-msg-ecopr = The eCOPR is issued and the person is told.
office-pr-msg-card = The card is marked as mailed.
letter-ecopr-title = Confirmation of Permanent Residence (eCOPR)
letter-ecopr-body = This confirms that { $name } became a permanent resident of Canada (application { $number }).

    Keep this document: sign your printed copy by hand. Your PR card will be mailed to the address you gave.
ecopr-born = Date of birth
ecopr-uci = Unique client identifier (UCI)
ecopr-entered = Date of entry to Canada
ecopr-address = Mailing address in Canada
mail-pr-returned-subject = A task of your PR confirmation needs your attention
mail-pr-returned-body = Hello,

    An officer sent back one of the tasks of your PR confirmation, with the reason. See what to do in the PR portal: { $url }
mail-ecopr-subject = Your Confirmation of Permanent Residence is ready
mail-ecopr-body = Hello,

    Your Confirmation of Permanent Residence (eCOPR) is ready to download in the PR portal: { $url }
event-moved-to-pr-portal = Moved to the PR portal; an invite code was sent
event-invite-reissued = A new invite code was sent
event-invite-redeemed = Opened in the PR portal
event-pr-presence-accepted = Declaration of presence accepted
event-pr-presence-returned = Declaration of presence sent back
event-pr-address-accepted = Mailing address accepted
event-pr-address-returned = Mailing address sent back
event-pr-photo-accepted = PR photo accepted
event-pr-photo-returned = PR photo sent back
event-ecopr-issued = Confirmation of Permanent Residence issued
event-pr-card-mailed = PR card mailed
home-managed-pr = Managed in the PR portal (read-only here)
rule-step = Processing step (optional)
rule-step-state = …in this state
rule-step-unknown = Choose a step and its state from the lists.
signin-pr-code = I have an invite code for the PR portal
pr-msg-sent = Sent. An officer will review it; this page shows the result.

# API tokens (account page)
tokens-title = API tokens
tokens-intro = A token lets your own software (or your representative's) use the portail API for your applications. Treat it like a password: whoever has it acts as you, within its scopes, until it expires or you revoke it.
tokens-manage = Manage API tokens
tokens-made-title = Your new token
tokens-made-text = Copy it now and keep it safe: it is shown this once. Only a fingerprint of it is kept here.
tokens-yours = Your tokens
tokens-none = You have no API tokens.
tokens-name = Name
tokens-name-hint = What you use it for, for example "Case management software".
tokens-scopes = What it may do
tokens-scope-read = Read
tokens-scope-write = Change
tokens-expires = Expires
tokens-last-used = Last used
tokens-never = Never
tokens-revoked = Revoked
tokens-revoke = Revoke
tokens-new = Make a token
tokens-days = Valid for (days)
tokens-days-hint = From 1 to 365 days.
tokens-create = Make the token
tokens-back = Back to your account
token-name-invalid = Enter a name for the token, up to 80 characters.
token-scopes-missing = Choose what the token may do.
token-days-invalid = Enter a number of days from 1 to 365.

# API error messages (the code is stable; the message is for people)
api-not-found = There is nothing here, or it is not yours.
api-unauthorized = Send a valid API token in the Authorization header (Bearer).
api-insufficient-scope = This token does not have the scope this needs.
api-managed-in-pr-portal = This application is now managed in the PR portal.
api-session-only = This can only be done from a signed-in browser session.
api-invalid-input = Some values cannot be accepted; see the fields.
api-conflict = This is not possible now; see the fields.
api-too-many-requests = Too many requests. Wait as long as Retry-After says, then try again.
api-busy = The service is at capacity for password checks. Nothing was changed; retry after the number of seconds in Retry-After.
api-storage-full = The service's storage is full; nothing was written. Retry after the number of seconds in Retry-After.
api-too-large = The request body is too large.
api-reauth-required = Sign in again first.
api-internal = Something went wrong on our side. Try again in a few minutes.
api-invalid-body = The JSON body has a wrong type, or a field missing or unknown.
api-malformed-json = The body is not valid JSON.
api-unsupported-media-type = Send the body as application/json.
api-bad-request = The request could not be understood.
api-bad-query = A query parameter is not valid.
api-bad-cursor = This cursor does not belong to the list.
api-bad-idempotency-key = Send an Idempotency-Key header of 1 to 200 visible characters.
api-method-not-allowed = This path does not take that method.
api-timeout = The request took too long.
api-upload-cut = The upload did not finish.
request-closed = This request is closed: it was answered already.
draft-key-used = This idempotency key already started an application of another type.
message-key-used = This message was already sent about another application.

## Representatives
rep-title = Act as a representative
rep-intro = A representative acts for clients with their consent: a licensed immigration consultant, a lawyer, a Quebec notary, or an unpaid helper such as family or a friend. Paid representatives can act once we have checked their membership with their regulator. You never need a client's password: each client gives their consent in their own account.
rep-profile = Your representative profile
rep-number = Representative number
rep-full-name = Full name
rep-full-name-hint = As your regulator lists it.
rep-kind = Kind of representative
rep-kind-consultant = Licensed immigration consultant (paid)
rep-kind-lawyer = Lawyer (paid)
rep-kind-notary = Quebec notary (paid)
rep-kind-unpaid = Unpaid: family, friend or organisation
rep-membership = Membership number
rep-membership-hint = Paid representatives only: the number your regulator or law society gave you.
rep-business-name = Business name
rep-business-address = Business address
rep-declaration = I declare that this information is true, and that I will act only for clients who consent to it.
rep-submit = Send my profile
rep-status = Status
rep-status-pending = Waiting for verification
rep-status-verified = Verified: you can act for clients
rep-status-refused = Refused
rep-status-suspended = Suspended
rep-reason = Reason
rep-cannot-act = You cannot act for clients now. While your profile is waiting or suspended, no client file is shared with you.
rep-notice-requested = Your profile was recorded. We email you when it has been checked.
rep-notice-asked = If that client and that application match, the client sees your request in their account and can accept or decline it.
rep-notice-withdrawn = You no longer represent this client on that file. They were told.
rep-ask-title = Ask a client for consent
rep-ask-intro = Give the email address of your client's account and the number of their application. Nothing is shared until they accept.
rep-ask-email = Client's email address
rep-ask-number = Application number
rep-ask-submit = Send the request
rep-consents-title = Your clients' consents
rep-consents-none = No consent yet.
rep-client = Client
rep-withdraw = Stop representing
rep-withdraw-reason = Why you stop (the client is told)
rep-withdraw-submit = Stop representing this client
rep-clients-title = My clients
rep-clients-none = No client file yet.
rep-agenda-title = Agenda of deadlines
rep-agenda-intro = Every open deadline of every client file, soonest first.
rep-agenda-none = No open deadline.
rep-agenda-date = Due
rep-filter-search = Client name or file number
rep-filter-portal = Portal
rep-filter-stage = Stage
rep-filter-any = Any
rep-filter-apply = Show
rep-sort = Sort by
rep-sort-deadline = Next deadline
rep-sort-client = Client
rep-portal = Portal
rep-portal-secure = Secure account
rep-portal-pr = PR portal
rep-program = Program
rep-stage = Stage
rep-waiting-on = Waiting on
rep-waiting-client = The client (to sign and submit)
rep-waiting-documents = You: documents requested
rep-waiting-agency = The agency
rep-waiting-none = Nobody: decided
rep-next-deadline = Next deadline
rep-unread = Unread
rep-next-page = Next page
rep-kind-missing = Choose the kind of representative you are.
rep-name-invalid = Write your full name (at most 120 characters).
rep-membership-invalid = Write your membership number (3 to 20 letters and digits).
rep-business-invalid = Write your business name (at most 160 characters).
rep-address-invalid = Write your business address (at most 300 characters).
rep-declaration-missing = Tick the declaration to continue.
rep-decision-missing = Choose a decision.
rep-reason-missing = Write the reason: the person is told.
rep-exists = You already have a representative profile.
rep-stale = This profile changed meanwhile. Reload the page and try again.
rep-none = You have no representative profile yet.
rep-not-acting = Your representative profile cannot act for clients now.

consent-scope = What the representative may do
consent-scope-act = Read and act: fill forms, upload documents, answer requests, write to us
consent-scope-read = Read only
consent-correspondence = Who receives the emails about the file
consent-correspondence-representative = The representative instead of me
consent-correspondence-both = Both of us
consent-correspondence-client = Only me
consent-all-files = All my applications
consent-a-draft = draft
consent-file = File
consent-terms = Terms
consent-since = Since
consent-status = Status
consent-status-requested = Waiting for the client
consent-status-active = Active
consent-status-declined = Declined
consent-status-revoked = Revoked by the client
consent-status-withdrawn = The representative withdrew
consent-signature = Your signature: type your full name
consent-signature-hint = Typing your name signs this consent, as on the "Use of a Representative" form.
consent-scope-missing = Choose what the representative may do.
consent-correspondence-missing = Choose who receives the emails.
consent-rep-unknown = We found no verified representative with that number or email.
consent-signature-missing = Type your full name to sign.
consent-email-invalid = Write the client's email address.
consent-number-invalid = Write the application number.
consent-reason-missing = Write why you stop (at most 1,000 characters).
consent-exists = This representative already has your consent (or a request) for this.
consent-stale = This consent changed meanwhile. Reload the page.

consents-title = Your representatives
consents-intro = A representative can follow your application and act for you only with your consent, and only as far as you allow. Only you sign declarations and submit. You can revoke a consent at any time: it ends at once.
consents-asked = Requests waiting for your answer
consents-asked-by = A representative asks to act for you:
consents-accept = Accept and sign
consents-decline = Decline
consents-active = Representatives acting for you
consents-none = No representative acts for you.
consents-representative = Representative
consents-revoke = Revoke
consents-appoint = Appoint a representative
consents-appoint-intro = Your representative gives you their representative number.
consents-rep-field = Representative number or email
consents-rep-hint = For example R01234567.
consents-appoint-submit = Appoint and sign
consents-past = Earlier consents
consents-notice-appointed = Your representative can now act as you allowed. They were told.
consents-notice-accepted = You accepted the request. Your representative was told.
consents-notice-declined = You declined the request.
consents-notice-revoked = The consent is revoked: your representative no longer reaches your file.

office-reps-title = Representatives
office-reps-waiting = Waiting for verification
office-reps-none = None.
office-reps-check = Check the name and membership number against the regulator's public register before you verify.
office-reps-reason = Reason (needed to refuse or suspend; the person is told)
office-reps-verify = Verify
office-reps-refuse = Refuse
office-reps-decided = Decided profiles
office-reps-suspend = Suspend
office-reps-reinstate = Reinstate
office-reps-notice-verified = The representative can act for clients who consent.
office-reps-notice-refused = The profile was refused; the person was told.
office-reps-notice-suspended = The representative is suspended: every act is refused from now on.

history-representative = Your representative
history-by-representative = Your representative, { $name }
event-representative-appointed = Representative appointed
event-representative-revoked = Representative's consent revoked
event-representative-withdrew = The representative withdrew
error-client-only = Only the applicant can do this, in their own account: a representative never signs or submits for a client.
api-client-only = Only the applicant can do this: a representative never signs or submits for a client.

mail-rep-decided-subject = Your representative profile was reviewed
mail-rep-decided-body = Hello,

    Your representative profile was reviewed. Sign in to see the result:

    { $url }
mail-consent-asked-subject = A representative asks to act for you
mail-consent-asked-body = Hello,

    A representative asks to act for you on one of your applications. Nothing is shared until you accept. Sign in to answer:

    { $url }
mail-consent-given-subject = A client gave you their consent
mail-consent-given-body = Hello,

    A client gave you their consent to act for them. See your clients:

    { $url }
mail-consent-ended-subject = A representation ended
mail-consent-ended-body = Hello,

    A consent to act as a representative has ended. Sign in to see it:

    { $url }
mail-rep-acted-subject = Your representative acted on your application
mail-rep-acted-body = Hello,

    Your representative did something on your application. See its history:

    { $url }
account-reps-intro = Appoint a representative, answer their requests, or revoke a consent. If you are a representative yourself, your clients are on your representative page.
account-reps-manage = Manage your representatives
office-by-representative = by the representative, { $name }
calendar-title = Deadlines in your calendar
calendar-intro = Your calendar app can follow every deadline of your applications (and, if you are a representative, of your clients' files) from a private address. Anyone who has the address sees the deadlines: keep it to yourself. Replace it or turn it off at any time; the old address stops working at once.
calendar-none = You have no calendar address.
calendar-make = Make a calendar address
calendar-replace = Replace the address
calendar-remove = Turn the feed off
calendar-since = Your calendar address was made on
calendar-made-title = Your calendar address
calendar-made-text = Add this address to your calendar app as a subscription ("from URL"). It is shown only now.
calendar-manage = Set up the calendar feed
account-calendar-intro = Follow your deadlines in your own calendar app.
calendar-name = Deadlines — portail
calendar-own-due = Documents due — { $number }
calendar-client-due = Documents due — { $number } ({ $client })
calendar-description = { $program }, application { $number }: documents requested by the agency are due on this day.
rep-assistants-title = Assistants of your firm
rep-assistants-intro = Assistants act under you with their own account, sign-in and MFA: they see your clients' files as each consent allows, and every act is recorded as theirs for you. Removing one ends their sessions at once.
rep-assistant-field = The assistant's username or email
rep-assistant-hint = They need a portail account of their own first.
rep-assistant-add = Add the assistant
rep-assistant-remove = Remove
rep-notice-assistant-added = The assistant was added and told by email.
rep-notice-assistant-removed = The assistant was removed; their sessions have ended.
rep-assisting-title = You assist a representative
rep-assisting = You act as an assistant of
delegate-unknown = We found no account with that username or email that can be added.
delegate-exists = This person already assists a representative.
history-assistant = Your representative's assistant
mail-delegate-added-subject = You were added as a representative's assistant
mail-delegate-added-body = Hello,

    A representative added you as an assistant of their firm. Sign in to see it:

    { $url }
rep-proof-title = Proof of membership
rep-proof-intro = Upload a proof of your membership in good standing (your licence card or a letter from your regulator). We check it before you can act for clients.
rep-proof-given = Received:
rep-proof-file = The proof (PDF, JPEG or PNG)
rep-proof-hint = A new file replaces the one you sent before.
rep-proof-submit = Send the proof
rep-notice-proof = Your proof was received. We email you when your profile has been checked.
rep-proof-missing = A paid representative is verified only once their proof of membership is received.
rep-proof-closed = Your profile is not waiting for verification: no proof is needed now.
office-reps-no-proof = Not received yet
maintenance-title = Maintenance windows
maintenance-intro = From { $hours } hours before a window, every page of the parts it covers shows a notice. While it runs, those parts are read-only: pages and API reads work, changes are refused with a clear page. Times are in UTC.
maintenance-none = No maintenance window has been scheduled.
maintenance-col-when = When
maintenance-col-parts = Parts
maintenance-col-message = Message
maintenance-col-state = State
maintenance-col-action = Action
maintenance-end = End or cancel
maintenance-schedule = Schedule a window
maintenance-starts = Start
maintenance-ends = End
maintenance-utc-hint = Date and time in UTC (Coordinated Universal Time).
maintenance-start-now = Start now (an unplanned interruption): the start above is ignored
maintenance-parts = Parts of the service it covers
maintenance-part-account = Secure account
maintenance-part-pr = PR portal
maintenance-part-office = Back office
maintenance-part-api = API
maintenance-message-en = Message in English
maintenance-message-fr = Message in French
maintenance-sign-in-closed = Close sign-in too (by default people can still sign in and read)
maintenance-submit = Schedule the window
maintenance-notice-scheduled = The window was scheduled. People with a deadline inside it are being emailed.
maintenance-notice-ended = The window was ended.
maintenance-state-ahead = To come
maintenance-state-running = Running: read-only
maintenance-state-over = Over
maintenance-state-cancelled = Cancelled
maintenance-when = from { $start } to { $end } (UTC)
maintenance-label = Maintenance notice
maintenance-ahead = Scheduled maintenance:
maintenance-running = Maintenance in progress:
maintenance-read-only = Until it ends you can read your files and messages, but nothing can be sent or changed.
maintenance-ends-before-start = The end must come after the start.
maintenance-in-the-past = The start is in the past. Choose a later time, or tick "Start now".
maintenance-no-part = Choose at least one part of the service.
maintenance-message-missing = Write the message in this language too.
maintenance-overlaps = Another window already covers one of these parts at that time.
maintenance-time-invalid = Enter a date and time, for example 2026-12-05 02:00.
maintenance-already-over = This window is already over or cancelled: nothing was changed.
error-title-maintenance = Read-only during maintenance
error-maintenance = This part of the service is read-only during maintenance. Nothing was saved: what you sent was not received. Please try again once the maintenance shown above has ended.
api-maintenance = This part of the service is read-only during a maintenance window; retry after the number of seconds in Retry-After.
mail-maintenance-subject = Scheduled maintenance during one of your deadlines
mail-maintenance-body = Hello,

    The online service will be under maintenance from { $start } to { $end } (UTC). During that time you will be able to read your files but not send anything.

    One of your deadlines falls inside that time. If it is not extended, please act before the maintenance begins. Sign in to see your deadlines:

    { $url }
table-scroll-label = Table (scrolls sideways on a narrow screen)
request-moved-hours = { $hours ->
    [one] 1 hour
   *[other] { $hours } hours
}
request-deadline-moved = Extended by { $duration } because of the service interruption on { $on } (UTC).
event-deadline-moved = A deadline was extended because of a service interruption
service-title = Service status
service-feed = Follow the updates (Atom feed)
service-json = The same as JSON
service-stale-title = We cannot reach our records right now.
service-stale = The states below come from our latest checks. The incidents and the history are as they were at { $time } (UTC): they may be out of date.
service-checked = Last checked: { $time } (UTC). The page is checked every 30 seconds.
service-not-checked = The first check has not finished yet. Please reload this page in a minute.
service-overall-operational = All parts of the service are working normally.
service-overall-maintenance = Planned maintenance is in progress: some parts are read-only.
service-overall-degraded = Some parts of the service are slow or failing at times.
service-overall-interrupted = Some parts of the service are interrupted.
service-current-incidents = Current incidents
service-incident-no-update = We are looking into it. Updates will be posted here.
service-incident-open = Service interruption since { $start } (UTC)
service-incident-ended = Service interruption from { $start } to { $end } (UTC), { $duration }
service-duration = { $hours } h { $minutes } min
service-parts-caption = Each part of the service
service-col-part = Part
service-col-state = State now
service-col-uptime = Available, last 90 days
service-uptime-hint = Availability is the share of our checks (every 30 seconds) that found the part working. Planned, announced maintenance is not counted as an interruption.
service-part-account = Secure account
service-part-pr = PR portal
service-part-api = API for representatives' software
service-part-uploads = Document uploads
service-part-email = Email delivery
service-part-partner = Sign-in with { $name }
service-state-operational = Working
service-state-maintenance = Maintenance: read-only
service-state-degraded = Slow or failing at times
service-state-interrupted = Interrupted
service-no-data = No data yet
service-maintenance = Planned maintenance
service-maintenance-none = No maintenance is planned.
service-history = The last 90 days
service-bad-days = days with an interruption
service-past-none = No incident in the last 90 days.
service-feed-maintenance = Planned maintenance { $when }
service-link = See the service status
incidents-title = Incidents
incidents-intro = An incident is an unplanned interruption. It shows on the public status page with its updates, and once it has ended every deadline that fell inside it, or within 24 hours after it, is extended by its length.
incidents-none-open = No incident is open.
incidents-start-title = Start an incident
incidents-start-hint = It starts now. Say what people cannot do, in plain words, in both languages; no personal data.
incidents-start = Start the incident
incidents-update = Post an update
incidents-post = Post the update
incidents-end-title = End the incident
incidents-end-hint = It ends now. A last update is optional (both languages, or neither).
incidents-end = End the incident now
incidents-past = Past incidents (90 days)
incidents-notice-started = The incident was started. It shows on the status page.
incidents-notice-updated = The update was posted.
incidents-notice-ended = The incident was ended. The deadlines that fell inside it, or within 24 hours after it, were extended by its length.
incident-message-missing = Write the update in this language too.
incident-message-too-long = Keep the update under 1,000 characters.
incident-already-open = An incident is already open: post an update to it instead.
incident-none-open = No incident is open: nothing was changed.
request-moved-minutes = { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
}
processing-title = Processing times
processing-intro = How long applications took, counted from the files decided in the last 12 months: from the day an application was submitted to the day it was approved or refused. A program needs at least { $min } decided files before its times are published.
processing-computed = Computed from real decisions on { $time } (UTC); refreshed every hour.
processing-not-computed = Not computed yet.
processing-col-program = Program
processing-col-p80 = 8 in 10 were decided within
processing-col-median = Half were decided within
processing-col-files = Files decided
processing-too-few = Not enough decided files yet
processing-how = Times are not promises: a file with missing documents, an interview or a medical exam takes longer. Your application's page shows how long yours has been waiting.
processing-days = { $days ->
    [one] 1 day
   *[other] { $days } days
}
processing-yours = Most applications like yours (8 in 10) are decided within { $within }; yours was submitted { $ago } ago.
processing-link = Processing times
event-invite-extended = An invite code was extended because of a service interruption
next-title = What happens next
next-submitted = We have your application. An officer checks that it is complete; you will get an acknowledgement of receipt in your messages and letters.
next-received = Your application is complete and waits for an officer. We will write to you if we need anything: answer any request before its deadline.
next-in-progress = An officer is working on your application. Keep an eye on your messages and letters: a request for documents or an appointment may come.
next-approved = Your application is approved. The approval letter in your messages and letters says what to do next and what to bring when you travel.
next-refused = Your application is refused. The letter in your messages and letters gives the reasons. You may apply again, or ask a court to review the decision within the time the letter states.
next-withdrawn = You withdrew this application: nothing more happens to it. You can apply again at any time.
next-returned = Your application was returned because it was incomplete. The letter says what was missing; you can apply again with everything it asks for.
about-link-help = Help
about-link-contact = Contact us
about-link-privacy = Privacy
about-link-accessibility = Accessibility
about-link-terms = Terms of use
about-help-title = Help
about-help-1 = To apply, create a secure account (no invitation is needed), choose what you apply for, answer each section, upload the documents the checklist asks for, then pay and sign. You can stop at any time: your draft is kept.
about-help-2 = Lost your phone? Sign in with one of the recovery codes you saved when you set up your authenticator app, then set up the app again from your account page. Forgot your password? Use “Forgot password?” on the sign-in page: we email you a link.
about-help-3 = Deadlines: a request for documents shows its deadline on your application's page. If you need more time, ask for it on the request page before the deadline. If our service is interrupted, deadlines that fell inside the interruption are extended automatically.
about-help-4 = Is the service working? The service status page says so, part by part, and lists planned maintenance. How long will it take? The processing times page gives, for each program, the time within which 8 in 10 applications were decided over the last 12 months.
about-help-5 = Someone helping you? A licensed representative can act for you once you give consent from your account page; you can withdraw consent at any time.
about-contact-title = Contact us
about-contact-1 = About an application you submitted: write to us from its page (“Write to us about this application”). Your message and our answer stay in the file, and we email you when we answer.
about-contact-2 = About your account (signing in, your email address, your authenticator app): see Help first; if you are still stuck, write to us about any of your applications and say it is about your account.
about-contact-3 = This is a demonstration of a fictional agency: nobody answers the telephone, and messages are read only by the people trying it.
about-privacy-title = Privacy notice
about-privacy-1 = We collect what you give us to decide your application: your answers, your documents and the details of the people on your application; and what the service needs to keep your account safe: your username, email address, the sessions you open and when.
about-privacy-2 = Who sees it: the officers who process your file, and a representative only with your consent and only for the files it covers. Every time an officer opens your file or a document, it is recorded in an audit log.
about-privacy-3 = How it is protected: documents are encrypted, each with its own key; passwords are stored only as a slow one-way hash; sign-in needs a second factor. Emails say that something waits for you, never the content of your file.
about-privacy-4 = How long it is kept: your file for as long as the law requires for its program; the content of emails sent to you is erased after 30 days (the record that an email was sent is kept).
about-privacy-5 = Your rights: you can read everything in your file and download its full history as a PDF from your application's page; you can ask for a correction by writing to us about the application.
about-privacy-6 = This demonstration agency is fictional: do not enter real personal information.
about-accessibility-title = Accessibility statement
about-accessibility-1 = We aim for this service to meet the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA, in English and in French.
about-accessibility-2 = How we check: every page that our browser test visits, in both languages, is checked with the axe-core engine, at desktop and at phone width; every form works without JavaScript, and with a keyboard alone.
about-accessibility-3 = Known limits: the letters and receipts we send as PDF files are not yet tagged for screen readers; their content is also on the pages of your application.
about-accessibility-4 = You can enlarge the text up to 200 % and the pages reflow; nothing needs a mouse or a precise gesture; the session warns you before it ends for inactivity.
about-accessibility-5 = If something does not work for you, write to us about your application and tell us the page and what happened: we answer, and we fix what we can.
about-terms-title = Terms of use
about-terms-1 = This service lets you apply to the agency and follow your applications. Give true and complete answers: a false statement can lead to a refusal.
about-terms-2 = Your account is yours alone: do not share your password, your authenticator app or your recovery codes. Someone who acts for you must do it as your representative, with your consent, from their own account.
about-terms-3 = Do not try to reach files that are not yours or to disturb the service: every access is recorded.
about-terms-4 = This is a demonstration of a fictional agency, not a government service: nothing you submit here is a real application.

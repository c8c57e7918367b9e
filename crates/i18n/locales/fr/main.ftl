# portail — français. Chaque clé doit aussi exister dans en/main.ftl (un test le vérifie).
language-name = Français
skip-to-content = Passer au contenu principal
nav-language = Langue
nav-account = Votre compte
nav-applications = Mes demandes
nav-account-settings = Compte
signed-in-as-elided = Connecté en tant qu'
signed-in-as = Connecté en tant que
sign-in = Se connecter
sign-out = Se déconnecter
register = Créer un compte
demo-banner = Site de démonstration d'une agence fictive. N'entrez pas de vrais renseignements personnels.
footer-fictional = portail est un logiciel libre. Cette agence est fictive ; ce n'est pas un service gouvernemental.
back-to-sign-in = Retour à la connexion
retry-after = Veuillez attendre { $seconds } secondes, puis réessayer.

landing-title = Compte sécurisé
landing-lead = Demandez un visa de visiteur, un permis d'études ou de travail, ou la résidence permanente, et suivez votre demande en ligne.
landing-signin-title = Vous avez déjà un compte ?
landing-signin-text = Connectez-vous avec votre nom d'utilisateur, votre mot de passe et le code de votre application d'authentification.
landing-register-title = Nouveau ici ?
landing-register-text = Tout le monde peut créer un compte. Aucune invitation n'est nécessaire.

register-title = Créer votre compte
register-intro = Vous choisirez un nom d'utilisateur et un mot de passe, confirmerez votre adresse courriel, puis configurerez une deuxième étape de connexion avec une application d'authentification.
register-submit = Créer le compte
register-have-account = Vous avez déjà un compte ?
field-username = Nom d'utilisateur
field-username-hint = De 3 à 32 caractères : lettres, chiffres, points, traits d'union ou traits de soulignement.
field-email = Adresse courriel
field-password = Mot de passe
field-new-password = Nouveau mot de passe
field-password-hint = Au moins 12 caractères. Les longues phrases de passe sont bienvenues ; aucun caractère spécial n'est exigé.
field-password-confirm = Entrez de nouveau le nouveau mot de passe
field-current-password = Mot de passe actuel
field-email-code = Code de confirmation
field-totp-code = Code à 6 chiffres de votre application
field-verify-code = Code
field-verify-code-hint = Le code à 6 chiffres de votre application d'authentification, ou l'un de vos codes de récupération.

username-invalid = Entrez un nom d'utilisateur de 3 à 32 caractères : lettres, chiffres, points, traits d'union ou traits de soulignement.
username-taken = Ce nom d'utilisateur n'est pas disponible. Choisissez-en un autre.
email-invalid = Entrez une adresse courriel de la forme nom@exemple.ca.
password-too-short = Votre mot de passe doit compter au moins 12 caractères.
password-too-long = Votre mot de passe doit compter au plus 256 caractères.
password-too-common = Ce mot de passe est trop courant et facile à deviner. Choisissez-en un autre.
password-contains-username = Votre mot de passe ne doit pas contenir votre nom d'utilisateur.
password-mismatch = Les deux mots de passe ne sont pas identiques.
current-password-wrong = Le mot de passe actuel n'est pas exact.

setup-step-1 = Étape 1 de 2
setup-step-2 = Étape 2 de 2
confirm-title = Confirmer votre adresse courriel
confirm-intro = Nous avons envoyé un code à 8 chiffres à { $email }. Entrez-le ci-dessous. Le code est valide pendant 30 minutes.
confirm-submit = Confirmer
confirm-no-code = Vous n'avez pas reçu de code ?
confirm-resend = Envoyer un nouveau code
code-wrong = Ce code n'est pas exact. Vérifiez le plus récent courriel que nous avons envoyé.
code-expired = Ce code est expiré. Demandez-en un nouveau.
code-too-many = Trop de codes erronés. Demandez-en un nouveau.
code-missing = Aucun code n'est en attente. Demandez-en un nouveau.
code-resent = Nous avons envoyé un nouveau code. Les codes envoyés avant ne fonctionnent plus.

mfa-title = Configurer votre application d'authentification
mfa-intro = À chaque connexion, vous entrerez votre mot de passe et un code affiché par une application sur votre téléphone ou votre ordinateur.
mfa-step-app = Ouvrez une application d'authentification (par exemple FreeOTP, Aegis, Google Authenticator ou Microsoft Authenticator).
mfa-step-scan = Ajoutez un compte dans l'application en balayant ce code QR.
mfa-qr-caption = Code QR pour votre application d'authentification
mfa-secret-label = Si vous ne pouvez pas le balayer, entrez plutôt cette clé dans l'application :
mfa-step-code = Entrez le code à 6 chiffres affiché par l'application.
mfa-submit = Activer
totp-wrong = Ce code n'est pas exact. Entrez le code que votre application affiche maintenant.
totp-wrong-enrol = Ce code n'est pas exact. La clé ci-dessus n'a pas changé : entrez le code que votre application affiche maintenant pour ce compte.
totp-replayed = Ce code a déjà été utilisé. Attendez le prochain code de votre application.

recovery-title = Conservez vos codes de récupération
recovery-done = Votre application d'authentification est configurée.
recovery-intro = Si vous perdez votre téléphone, chacun de ces codes vous permet de vous connecter une fois à la place d'un code de l'application. Imprimez-les ou gardez-les dans un gestionnaire de mots de passe.
recovery-once = C'est la seule fois que ces codes sont affichés.
recovery-download = Télécharger les codes (fichier texte)
recovery-print = Pour les imprimer, imprimez cette page (Ctrl+P ou ⌘+P) : seuls les codes et ces consignes sont imprimés.
recovery-file-heading = Codes de récupération de { $username } — { $brand }
recovery-file-footer = Chaque code vous permet de vous connecter une fois à la place d'un code de votre application d'authentification. Gardez ce fichier en lieu sûr.
recovery-continue = J'ai conservé mes codes — continuer

recovery-wrong = Ce code de récupération n'est pas exact ou a déjà été utilisé. Chaque code ne fonctionne qu'une fois.
signin-title = Se connecter
signin-submit = Continuer
signin-forgot = Mot de passe oublié ?
signin-register = Créer un compte
signin-wrong = Le nom d'utilisateur ou le mot de passe n'est pas exact.
signin-msg-timeout = Vous avez été déconnecté après 20 minutes d'inactivité. Connectez-vous de nouveau pour continuer.
signin-msg-signed-out = Vous êtes déconnecté.
signin-msg-reset = Votre mot de passe est changé. Connectez-vous avec celui-ci et votre code d'authentification.
signin-msg-everywhere = Vous êtes déconnecté sur tous vos appareils.
signin-msg-factor-locked = Trop de codes erronés. Recommencez la connexion depuis le début.
verify-title = Entrez votre code
verify-intro = Ouvrez votre application d'authentification et entrez le code qu'elle affiche.
verify-submit = Se connecter

forgot-title = Réinitialiser votre mot de passe
forgot-intro = Entrez l'adresse courriel de votre compte. Nous enverrons un lien pour choisir un nouveau mot de passe.
forgot-submit = Envoyer le lien
forgot-sent = Si un compte utilise cette adresse, nous lui avons envoyé un lien. Le lien fonctionne une fois, pendant 30 minutes.
reset-title = Choisir un nouveau mot de passe
reset-submit = Enregistrer le nouveau mot de passe
reset-invalid = Ce lien est expiré ou a déjà été utilisé.
reset-ask-again = Demander un nouveau lien

home-title = Mes demandes
home-empty = Vous n'avez encore aucune demande.

account-title = Compte
account-profile = Votre compte
account-sign-in-methods = Comment vous vous connectez
account-recovery-left = Codes de récupération restants
method-password-totp = Mot de passe et application d'authentification
account-change-password = Changer votre mot de passe
account-change-password-submit = Changer le mot de passe
account-msg-password-changed = Votre mot de passe est changé. Vos autres sessions ont été fermées.
account-mfa = Application d'authentification
account-mfa-text = Transférez vos codes vers un nouveau téléphone ou une nouvelle application. Vous recevrez de nouveaux codes de récupération ; les anciens ne fonctionneront plus.
account-mfa-reenrol = Configurer une nouvelle application d'authentification
account-sessions = Où vous êtes connecté
session-browser = Navigateur
session-started = Connexion
session-last-active = Dernière activité
session-action = Action
session-this-one = celle-ci
session-end = Fermer
account-msg-session-ended = Cette session est fermée.
account-sign-out-everywhere = Se déconnecter partout
browser-on = { $browser } sur { $os }
browser-unknown = Navigateur inconnu
reauth-title = Confirmez votre identité
reauth-intro = Pour votre sécurité, entrez de nouveau votre mot de passe et un code avant de changer d'application d'authentification.

idle-warning-title = Êtes-vous toujours là ?
idle-warning-text = Vous serez déconnecté dans 2 minutes en raison d'inactivité.
idle-warning-stay = Rester connecté

apply-title = Présenter une demande
apply-intro = Choisissez ce que vous voulez demander. Vous pouvez voir ce que chaque demande exige avant de commencer, enregistrer au fur et à mesure et revenir plus tard.
apply-temporary = Visiter, étudier ou travailler
apply-permanent = Résidence permanente
apply-see-what = Voir ce qui est demandé et commencer
apply-start = Commencer cette demande
preview-title = Ce que cette demande exige
preview-questions = Questions
preview-conditional = seulement dans certains cas
preview-family = Vous pouvez inclure des membres de votre famille (époux ou conjoint, enfants à charge).
preview-documents = Documents qui pourraient vous être demandés
preview-fees = Frais
kind-date = une date
required = Obligatoire
optional = Facultatif
who-principal = pour vous
who-everyone = pour vous et chaque membre de la famille
who-each-member = pour chaque membre de la famille
who-each-adult = pour chaque personne de 18 ans ou plus
stage-draft = Ébauche
stage-submitted = Soumise
stage-received = Reçue
stage-in-progress = En cours de traitement
stage-approved = Approuvée
stage-refused = Refusée
stage-withdrawn = Retirée
stage-returned = Retournée car incomplète
waiting-finish-draft = Terminer et soumettre votre demande
home-apply = Commencer une demande
home-msg-draft-deleted = L'ébauche a été supprimée.
home-col-application = Demande
home-col-number = Numéro
home-col-stage = État
home-col-waiting = En attente de votre part
home-col-updated = Dernière modification
draft-title = Votre demande
draft-saved-note = Chaque section est enregistrée lorsque vous continuez. Vous pouvez partir et revenir à tout moment.
draft-questions = Questions
draft-progress = Sections remplies : { $done } sur { $of }
task-done = Remplie
task-todo = À faire
draft-family = Membres de la famille
draft-no-family = Vous n'avez ajouté aucun membre de la famille.
member-name = Nom
member-remove = Retirer
member-add = Ajouter un membre de la famille
member-title = Ajouter un membre de la famille
members-too-many = Vous ne pouvez pas ajouter d'autres membres de la famille à une même demande.
field-given-names = Prénoms
field-family-name = Nom de famille
field-relationship = Lien avec vous
field-date-of-birth = Date de naissance
relationship-spouse = Époux ou épouse
relationship-common-law-partner = Conjoint ou conjointe de fait
relationship-dependent-child = Enfant à charge
back-to-application = Retour à la demande
draft-checklist = Votre liste de documents
draft-checklist-note = Cette liste suit vos réponses et les membres de votre famille.
checklist-document = Document
checklist-person = Pour
checklist-needed = Exigence
person-you = Vous
draft-fees = Frais
fee = Frais
fee-persons = Personnes
fee-amount = Montant
fee-total = Total
draft-delete = Supprimer cette ébauche
delete-title = Supprimer cette ébauche ?
delete-text = L'ébauche et ses réponses seront supprimées. Cette action est irréversible :
delete-confirm = Oui, supprimer l'ébauche
cancel = Annuler
section-title = Questions
section-save = Enregistrer et continuer
draft-changed = Cette ébauche a été modifiée ailleurs (une autre fenêtre ?). Vos réponses ici n'ont pas été enregistrées ; vérifiez-les et enregistrez de nouveau.
field-condition = Répondez seulement si votre réponse à « { $question } » est : { $answer }
hint-date = Par exemple, 25 4 1990.
date-day = Jour
date-month = Mois
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
date-year = Année
hint-money = En dollars canadiens, par exemple 5000 ou 5000,00.
choose-country = Choisissez un pays
yes = Oui
no = Non
answer-required-named = Répondez à « { $question } »
answer-required = Répondez à cette question.
answer-too-long = Cette réponse est trop longue.
answer-text-invalid = Cette réponse contient des caractères non permis.
answer-date-invalid = Entrez la date en chiffres : jour, mois et année, par exemple 25 4 1990.
answer-date-incomplete = Entrez le jour, le mois et l’année.
answer-date-incomplete-named = « { $question } » doit comporter un jour, un mois et une année
answer-date-year = Entrez l’année en quatre chiffres, par exemple 1990.
answer-date-not-real = Entrez une date réelle : ce jour n’existe pas.
answer-date-not-real-named = « { $question } » doit être une date réelle (ce jour n’existe pas)
answer-date-not-after = Cette date doit suivre la précédente.
answer-date-not-after-named = « { $question } » doit être postérieure à « { $other } »
answer-date-not-past-named = « { $question } » doit être dans le passé
answer-date-not-future-named = « { $question } » doit être dans l’avenir
answer-date-not-past = Entrez une date passée.
answer-date-not-future = Entrez une date future.
answer-country-invalid = Choisissez un pays dans la liste.
answer-choice-invalid = Choisissez l'une des réponses.
answer-number-invalid = Entrez un nombre entier, par exemple 3.
answer-number-range = Ce nombre est hors de l'intervalle accepté.
answer-money-invalid = Entrez un montant en dollars, par exemple 1500 ou 1500,50.

document-title = Document
checklist-file = Fichier
checklist-missing = Non téléversé
checklist-uploaded = Téléversé
upload-current = Le fichier que vous avez téléversé
upload-file-name = Fichier
upload-size = Taille
upload-time = Téléversé le
upload-receipt = Reçu (SHA-256 du fichier conservé)
upload-remove = Retirer ce fichier
upload-replace = Le remplacer par un autre fichier
upload-choose = Téléverser le fichier
upload-file-label = Choisissez un fichier
upload-limits = PDF, JPEG ou PNG, jusqu'à { $mib } Mio. Plusieurs pages : réunissez-les en un seul PDF. Les photos sont réenregistrées sans leurs données cachées (comme le lieu).
upload-progress = Envoi
upload-submit = Téléverser
upload-done = Votre fichier a été reçu.
upload-next = Document suivant : { $document }
upload-all-done = Tous les documents exigés y sont : vérifiez vos réponses
upload-removed = Le fichier a été retiré.
upload-no-file = Choisissez un fichier à téléverser.
upload-too-large = Ce fichier dépasse { $mib } Mio. Réduisez-le (par exemple, numérisez à 150 ppp) et réessayez.
upload-application-full = Les documents de cette demande dépasseraient { $total } Mio au total. Réduisez certains fichiers ou retirez-en un.
upload-cut = Le téléversement ne s'est pas terminé. Vérifiez votre connexion et réessayez.
upload-one-file = Envoyez un seul fichier à la fois.
upload-empty = Ce fichier est vide.
upload-wrong-type = Ce fichier n'est pas un PDF, un JPEG ou un PNG. Son nom importe peu : nous vérifions ce qu'il contient.
upload-pdf-broken = Ce PDF ne peut pas être ouvert. Enregistrez-le de nouveau en PDF et réessayez.
upload-image-broken = Cette image ne peut pas être lue. Enregistrez-la de nouveau en JPEG ou en PNG et réessayez.
upload-image-too-big = Cette image compte trop de pixels. Redimensionnez-la (par exemple à 4000 pixels sur son plus grand côté) et réessayez.
size-mb = { $n } Mo
size-kb = { $n } ko
size-bytes = { $n } octets

home-link = Lier une demande présentée sur papier
draft-review = Vérifier, payer et soumettre
review-title = Vérifiez vos réponses et soumettez
check-intro = Vérifiez vos réponses avant de signer la déclaration et de payer. « Modifier » ramène à la question ; vous revenez ici une fois la réponse enregistrée.
check-change = Modifier
check-not-answered = Sans réponse
check-no-family = Aucun membre ajouté
check-not-uploaded = Pas encore téléversé
check-not-uploaded-optional = Non téléversé (facultatif)
pay-and-submit = Payer { $amount } et soumettre
review-check = Tout y est-il ?
review-complete = Tout ce qui est exigé y est.
review-incomplete = Il manque encore certains éléments :
review-section-incomplete = questions encore sans réponse
review-document-missing = document encore à téléverser
pay-title = Frais
pay-paid = Payé
pay-done = Votre paiement a été accepté.
pay-demo-note = Paiement de démonstration : utilisez la carte d'essai 4242 4242 4242 4242 avec n'importe quelle date d'expiration future. Aucun argent réel n'est échangé.
card-number = Numéro de carte
card-expiry = Date d'expiration
card-expiry-hint = MM/AA, par exemple 08/29
card-name = Nom sur la carte
pay-submit = Payer
card-number-invalid = Entrez un numéro de carte valide (les chiffres au recto de la carte).
card-expiry-invalid = Entrez la date d'expiration au format MM/AA ; la carte ne doit pas être expirée.
card-name-invalid = Entrez le nom tel qu'il figure sur la carte.
card-declined = La carte a été refusée. Vérifiez les renseignements ou utilisez une autre carte.
declaration-title = Déclaration
declaration-text = Je déclare que les renseignements fournis dans cette demande sont véridiques, complets et exacts, et que les documents téléversés sont des copies conformes.
declaration-agree = J'accepte cette déclaration.
declaration-name = Entrez votre nom complet pour signer
declaration-name-missing = Entrez votre nom complet pour signer la déclaration.
declaration-not-agreed = Cochez la case pour accepter la déclaration.
submit-button = Soumettre la demande
submit-sections-missing = Répondez à toutes les sections avant de soumettre.
submit-documents-missing = Téléversez tous les documents exigés avant de soumettre.
submit-not-paid = Payez les frais avant de soumettre.
submitted-title = Demande soumise
submitted-number = Votre numéro de demande est :
submitted-email = Nous vous avons envoyé un courriel. Conservez votre numéro de demande : il vous sera utile pour communiquer avec nous.
submitted-next = Prochaines étapes
submitted-next-text = Nous vérifions que la demande est complète. Lorsqu'elle l'est, vous recevrez un accusé de réception dans votre compte, et l'état de votre demande s'affichera ici au fil du traitement.
submitted-receipt = Télécharger le reçu de votre soumission (PDF)
submitted-status = Voir l'état de votre demande
receipt-title = Reçu de soumission
receipt-intro = Ce reçu énumère ce que vous avez soumis. Conservez-le dans vos dossiers.
receipt-submitted-at = Soumise le
receipt-principal = Demandeur principal
receipt-payment = Reçu de paiement
receipt-documents = Documents
receipt-answers = Vos réponses
receipt-declaration = Déclaration
receipt-signed-by = Signée par
status-title = État de la demande
status-steps = Étapes du traitement
status-step = Étape
status-timeline = Historique
status-msg-withdrawn = Votre demande a été retirée.
status-msg-linked = La demande est maintenant liée à votre compte.
step-eligibility = Examen de l'admissibilité
step-biometrics = Données biométriques
step-medical = Examen médical
step-background = Vérification des antécédents
step-interview = Entrevue
step-additional-documents = Documents supplémentaires
step-state-not-started = Non commencé
step-state-waiting-on-you = En attente de votre part
step-state-in-progress = En cours
step-state-done = Terminé
step-state-not-applicable = Sans objet
event-draft-started = Ébauche commencée
event-fee-paid = Frais payés
event-submitted = Demande soumise
event-withdrawn = Demande retirée à votre demande
event-received-on-paper = Demande reçue sur papier
event-linked = Demande liée à votre compte
withdraw-link = Retirer cette demande
withdraw-title = Retirer votre demande ?
withdraw-text = Si vous retirez votre demande, nous cessons de la traiter. Les frais ne sont remboursés que si le traitement n'a pas commencé.
withdraw-reason = Motif
withdraw-confirm = Oui, je veux retirer cette demande.
withdraw-submit = Retirer la demande
withdraw-not-confirmed = Cochez la case pour confirmer le retrait.
link-title = Lier une demande présentée sur papier
link-intro = Si vous avez présenté une demande sur papier ou autrement, entrez les renseignements exactement comme sur votre lettre d'accusé de réception. Après 5 essais erronés, la liaison est bloquée pendant 24 heures.
link-number-hint = Une lettre et neuf chiffres, par exemple V123456789
link-uci = Identificateur unique de client (IUC)
link-uci-hint = 8 ou 10 chiffres, par exemple 1234-5678
link-submit = Lier la demande
link-number-invalid = Entrez le numéro de demande : une lettre et neuf chiffres.
link-uci-invalid = Entrez votre IUC : 8 ou 10 chiffres.
link-no-match = Nous n'avons trouvé aucune demande avec ces renseignements. Vérifiez-les et réessayez (encore { $left } essais).
mail-submitted-subject = Votre demande a été soumise
mail-submitted-body = Bonjour,

    Votre demande a été soumise. Votre confirmation, votre numéro de demande et le reçu de votre
    soumission se trouvent dans votre compte :

    { $url }
mail-withdrawn-subject = Votre demande a été retirée
mail-withdrawn-body = Bonjour,

    Comme vous l'avez demandé, votre demande a été retirée. Les détails se trouvent dans votre compte :

    { $url }

    Si vous n'avez rien demandé, communiquez avec nous sans tarder.

nav-office = Arrière-guichet
nav-inbox = Messages et lettres
nav-unread = non lus
inbox-title = Messages et lettres
inbox-empty = Vous n'avez encore aucun message ni aucune lettre.
inbox-letter = Lettre
inbox-item = Message ou lettre
inbox-message = Message
inbox-new = Nouveau
office-title = File de travail
office-file-title = Dossier
office-program = Programme
office-all = Tous
office-older-than = Soumis il y a plus de … jours
office-search = Numéro, IUC ou nom
office-mine = Seulement les dossiers que j'ai pris
office-filter = Afficher
office-files-count = { $n ->
    [one] { $n } dossier
   *[other] { $n } dossiers
}
office-taken = Pris
office-take = Prendre ce dossier
office-release = Libérer ce dossier
office-taken-by-other = Un autre agent a pris ce dossier.
office-decide = Décider
office-confirm-title = Confirmer la décision
office-confirm-approve = Approuver cette demande ?
office-confirm-refuse = Refuser cette demande ?
office-confirm-return = Renvoyer cette demande comme incomplète ?
office-confirm-final = La lettre part aussitôt au demandeur, avec un courriel, et le dossier est fermé : une décision ne peut pas être annulée.
office-confirm-reasons = Vos motifs, tels que la lettre les donne
office-confirm-cancel = Non, revenir au dossier
office-action-acknowledge = Accuser réception (lettre d'AR)
office-action-start = Commencer le traitement
office-action-approve = Approuver (lettre d'approbation)
office-action-refuse = Refuser (lettre de refus)
office-action-return = Retourner comme incomplète (lettre)
office-reasons = Motifs, pour la lettre
office-set = Modifier
office-letters = Lettres
office-section-personal = À propos du demandeur
office-section-job = Le travail du demandeur
office-section-sponsor = Le répondant
office-section-studies = Les études du demandeur
office-section-trip = La visite
office-notes = Notes
office-notes-hint = Les notes sont réservées au personnel, sauf celles que vous versez au dossier : le demandeur les lit alors dans l'historique du dossier.
office-note-mark-on-file = Versée au dossier : le demandeur lit cette note dans l'historique
office-note-on-file = versée au dossier
office-add-note = Ajouter une note
office-save-note = Enregistrer la note
office-note-invalid = Écrivez une note d'au plus 5 000 caractères.
office-msg-acknowledge = Réception accusée : l'accusé de réception a été envoyé au demandeur.
office-msg-start = Traitement commencé : le demandeur voit le dossier en cours de traitement.
office-msg-approve = Approuvée : la lettre d'approbation a été envoyée au demandeur.
office-msg-refuse = Refusée : la lettre de refus, avec vos motifs, a été envoyée au demandeur.
office-msg-return = Renvoyée comme incomplète : la lettre, avec vos motifs, a été envoyée au demandeur.
office-msg-step = L'étape de traitement a été mise à jour ; le demandeur la voit sur la page d'état.
office-msg-letter = La lettre a été envoyée au demandeur.
office-msg-message = Votre message a été envoyé ; le demandeur est avisé par courriel qu'un message l'attend.
office-msg-requested = La demande a été envoyée au demandeur avec son échéance.
office-msg-extension-granted = Un délai supplémentaire a été accordé : la nouvelle échéance a été envoyée au demandeur.
office-msg-extension-refused = La prolongation a été refusée ; le demandeur en est avisé et l'échéance reste la même.
office-msg-noted = La note a été enregistrée.
office-stale = Quelqu'un a modifié ce dossier pendant que vous le lisiez. Voici le dossier tel qu'il est maintenant : vérifiez-le et agissez de nouveau.
office-not-allowed = Cette action ne convient pas à l'état actuel du dossier.
letter-unknown = Ce type de lettre n'existe pas.
letter-missing-value = La lettre ne peut pas être rédigée : il manque au dossier le nom ou le numéro du demandeur.
letter-missing-reasons = Écrivez les motifs : la lettre doit les donner.
letter-date = Date
letter-greeting = Bonjour { $name },
letter-closing = Veuillez agréer nos salutations distinguées. L'équipe de traitement
letter-reasons = Motifs
letter-aor-title = Accusé de réception
letter-aor-body = Nous avons reçu votre demande de { $type } (numéro { $number }) et elle est complète. Nous allons maintenant la traiter.

    Vous pouvez en suivre l'état dans votre compte. Indiquez votre numéro de demande chaque fois que vous communiquez avec nous.
letter-approval-title = Votre demande est approuvée
letter-approval-body = Nous avons le plaisir de vous informer que votre demande de { $type } (numéro { $number }) est approuvée.

    Les instructions pour la suite se trouvent dans votre compte.
letter-refusal-title = Décision concernant votre demande
letter-refusal-body = Nous avons examiné attentivement votre demande de { $type } (numéro { $number }). Nous regrettons de vous informer qu'elle est refusée, pour les motifs ci-dessous.
letter-returned-title = Votre demande est retournée car incomplète
letter-returned-body = Votre demande de { $type } (numéro { $number }) est retournée parce qu'elle est incomplète, pour les motifs ci-dessous. Vous pouvez présenter une nouvelle demande avec tout ce qui est exigé.
event-acknowledged = Réception accusée
event-processing-started = Traitement commencé
event-approved = Demande approuvée
event-refused = Demande refusée
event-returned = Demande retournée car incomplète
event-step-changed = Une étape du traitement a changé
mail-letter-subject = Vous avez une nouvelle lettre
mail-letter-body = Bonjour,

    Une nouvelle lettre concernant votre demande vous attend dans votre compte :

    { $url }

request-title = Demande de documents
request-deadline = Échéance
request-days-left = { $days ->
    [one] 1 jour restant
   *[other] { $days } jours restants
}
request-overdue = L'échéance est passée. Téléversez ce qui est demandé dès que possible ; l'agent voit le retard.
request-overdue-tag = En retard
request-note = Message de l'agent
request-items = Ce que nous demandons
request-send = Envoyer ma réponse
request-answered = Votre réponse a été envoyée.
request-items-missing = Téléversez un fichier pour chaque élément avant d'envoyer votre réponse.
request-more-time = Besoin de plus de temps ?
request-extension = Délai supplémentaire
request-extension-why = Expliquez pourquoi vous avez besoin de plus de temps
request-extension-ask = Demander plus de temps
request-extension-reason = Expliquez pourquoi vous avez besoin de plus de temps (au plus 2 000 caractères).
request-extension-closed = Un délai ne peut être demandé qu'une fois, avant l'échéance.
request-extension-pending = Vous avez demandé plus de temps ; un agent vous répondra.
request-extension-granted = Un délai a été accordé : l'échéance ci-dessus est la nouvelle.
request-extension-refused = Le délai n'a pas été accordé.
request-days-invalid = Indiquez le nombre de jours, de 1 à 365.
request-status-open = Ouverte
request-status-answered = Répondue
request-status-closed = Fermée
status-requests = Demandes de documents
office-requests = Demandes de documents
office-request-items = Demander ces documents
office-request-free = Autres documents (un par ligne)
office-request-days = Jours pour répondre
office-request-note = Message au demandeur (dans la lettre)
office-request-send = Envoyer la demande
office-extension-asked = Délai demandé
office-extension-grant = Accorder 30 jours de plus
office-extension-refuse = Refuser
letter-missing-items = Choisissez au moins un document à demander.
letter-items = Ce que nous demandons
letter-document_request-title = Demande de documents
letter-document_request-body = Pour poursuivre le traitement de votre demande de { $type } (numéro { $number }), nous avons besoin des documents énumérés ci-dessous d'ici le { $deadline }.

    Téléversez-les à partir de votre compte, à la page de cette demande. Si vous ne pouvez pas respecter l'échéance, vous pouvez y demander plus de temps avant qu'elle ne passe.
event-documents-requested = Documents demandés
event-request-answered = Documents demandés envoyés
event-extension-asked = Délai demandé
event-extension-granted = Délai accordé
event-extension-refused = Délai refusé
mail-reminder-subject = Une échéance approche
mail-reminder-body = Bonjour,

    Une demande concernant votre demande attend votre réponse, et son échéance approche :

    { $url }
mail-overdue-subject = Une échéance est passée
mail-overdue-body = Bonjour,

    L'échéance d'une demande concernant votre demande est passée. Répondez-y dès que possible :

    { $url }

history-title = Historique complet de votre demande
history-intro = Tout ce qui est arrivé à votre demande, avec les dates et qui a agi. Les agents sont indiqués par leur numéro d'insigne.
history-pdf = Le télécharger en PDF
history-link = Historique complet de cette demande
history-what = Ce qui s'est passé
history-who = Qui
history-you = Vous
history-note = Note versée à votre dossier : { $text }
history-officer = Agent no { $badge }
history-action-submitted = Demande soumise
history-action-withdrawn = Demande retirée
history-action-acknowledge = Réception accusée
history-action-start = Traitement commencé
history-action-approve = Demande approuvée
history-action-refuse = Demande refusée
history-action-return = Demande retournée car incomplète
history-action-documents-requested = Documents demandés
history-action-request-answered = Documents demandés envoyés
history-action-extension-asked = Délai demandé
history-action-extension-granted = Délai accordé
history-action-extension-refused = Délai refusé

office-send-letter = Envoyer une lettre
office-letter-kind = Lettre
office-letter-text = Texte de la lettre (obligatoire pour un message ou une lettre d'équité procédurale)
office-letter-date = Date (pour une entrevue)
office-letter-send = Envoyer la lettre
letter-missing-date = Indiquez la date de l'entrevue, aujourd'hui ou plus tard.
event-letter-sent = Une lettre a été envoyée
letter-biometrics-title = Lettre d'instructions pour les données biométriques
letter-biometrics-body = Pour traiter votre demande de { $type } (numéro { $number }), nous avons besoin de vos empreintes digitales et de votre photo (données biométriques).

    Fournissez vos données biométriques dans les 30 jours à un point de service, avec cette lettre et votre passeport.
letter-medical-title = Instructions pour l'examen médical
letter-medical-body = Pour traiter votre demande de { $type } (numéro { $number }), vous et les membres de votre famille qui y sont nommés devez passer un examen médical auprès d'un médecin désigné dans les 30 jours.

    Apportez cette lettre et votre passeport à l'examen ; le médecin nous transmet les résultats.
letter-interview-title = Convocation à une entrevue
letter-interview-body = Nous vous convoquons à une entrevue concernant votre demande de { $type } (numéro { $number }) le { $deadline }.

    Apportez votre passeport et les originaux des documents téléversés. Si vous ne pouvez pas venir ce jour-là, écrivez-nous sans tarder.
letter-passport_request-title = Demande de passeport
letter-passport_request-body = Une décision sur votre demande de { $type } (numéro { $number }) est proche. Envoyez votre passeport selon les instructions de votre compte, afin que nous puissions y apposer le visa.
letter-procedural_fairness-title = Lettre d'équité procédurale
letter-procedural_fairness-body = Avant de décider de votre demande de { $type } (numéro { $number }), nous voulons vous donner l'occasion de répondre à une préoccupation, décrite ci-dessous.

    Vous pouvez nous envoyer votre réponse et tout document dans les 30 jours.
letter-message-title = Message de l'agence
letter-message-body = Au sujet de votre demande de { $type } (numéro { $number }) :

messages-title = Messages au sujet de cette demande
messages-link = Nous écrire au sujet de cette demande
messages-empty = Aucun message pour l'instant.
message-from-agency = L'agence
message-write = Écrire un message
message-subject = Objet
message-body = Votre message
message-send = Envoyer le message
message-reply = Envoyer une réponse
message-sent = Votre message a été envoyé. Vous recevrez un courriel lorsque nous répondrons.
message-subject-invalid = Écrivez un objet d'au plus 150 caractères.
message-body-invalid = Écrivez un message d'au plus 5 000 caractères.
mail-message-subject = Vous avez un nouveau message
mail-message-body = Bonjour,

    Un nouveau message concernant votre demande vous attend dans votre compte :

    { $url }

staff-title = Comptes du personnel
staff-role = Rôle
staff-mfa = Authentification multifacteur configurée
staff-create = Créer un compte du personnel
staff-create-submit = Créer le compte
staff-created = Le compte { $username } a été créé.
staff-password-once = Remettez ce mot de passe temporaire à la personne de façon sûre. Il n'est affiché que maintenant. À la première connexion, elle configure son application d'authentification ; elle devrait ensuite changer le mot de passe.
role-officer = Agent
role-administrator = Administrateur
role-applicant = Demandeur
role-representative = Représentant

message-attachment = Pièce jointe
message-attachment-optional = Joindre un fichier (facultatif)
upload-limits-short = PDF, JPEG ou PNG, jusqu'à 10 Mio.

office-step-state = État de l'étape

error-title = Un problème est survenu
error-title-not-found = Page introuvable
error-home = Aller à la page d'accueil
error-summary-title = Il y a un problème
error-not-found = Nous n'avons pas trouvé cette page.
error-method = Cette page ne peut pas être utilisée de cette façon.
error-csrf = Ce formulaire a expiré ou ne provient pas de ce site. Revenez en arrière, rechargez la page et réessayez.
error-bad-request = La demande n'a pas pu être comprise.
error-form-malformed = Le formulaire n'a pas pu être lu. Rechargez la page et réessayez.
error-too-large = Ce que vous avez envoyé est trop volumineux.
error-too-many = Trop de tentatives. Veuillez patienter un moment, puis réessayer.
error-busy = Le service est très sollicité en ce moment et n'a pas pu vérifier votre mot de passe. Rien n'a été modifié. Veuillez patienter quelques secondes, puis réessayer.
error-storage-full = Le service ne peut rien enregistrer pour le moment : son espace de stockage est plein. Rien n'a été enregistré. L'équipe a été alertée ; veuillez réessayer dans quelques minutes.
error-timeout = La demande a pris trop de temps. Réessayez.
error-internal = Un problème est survenu de notre côté. Réessayez dans quelques minutes.
error-forbidden = Vous ne pouvez pas faire ceci ici.
error-managed-in-pr = Cette demande est maintenant gérée dans le portail de la RP. Passez par le portail de la RP pour y donner suite.

demo-mail-title = Boîte de courriel de démonstration
demo-mail-intro = Dans la démonstration, le courriel est écrit dans des fichiers au lieu d'être envoyé. Le plus récent est en premier.
demo-mail-from = De
demo-mail-to = À
demo-mail-date = Date
demo-mail-empty = Aucun courriel pour l'instant.

mail-confirm-subject = Votre code de confirmation
mail-confirm-body = Bonjour,

    Votre code pour confirmer votre adresse courriel est : { $code }

    Entrez-le à la page « Confirmer votre adresse courriel » ({ $url }). Le code est valide pendant 30 minutes.

    Si vous n'avez pas créé de compte, vous pouvez ignorer ce courriel.
mail-reset-subject = Réinitialiser votre mot de passe
mail-reset-body = Bonjour,

    Quelqu'un a demandé la réinitialisation du mot de passe du compte « { $username } ».
    Pour choisir un nouveau mot de passe, ouvrez ce lien dans les 30 minutes :

    { $link }

    Si vous n'avez rien demandé, ignorez ce courriel : votre mot de passe reste le même.
mail-password-changed-subject = Votre mot de passe a été changé
mail-password-changed-body = Bonjour,

    Le mot de passe de votre compte vient d'être changé.

    Si ce n'était pas vous, réinitialisez votre mot de passe sans tarder et communiquez avec nous. Connexion : { $url }
mail-mfa-changed-subject = Votre application d'authentification a été changée
mail-mfa-changed-body = Bonjour,

    Une nouvelle application d'authentification a été configurée pour votre compte, et de nouveaux codes de récupération ont été créés.

    Si ce n'était pas vous, communiquez avec nous sans tarder. Votre compte : { $url }

## Partenaires de connexion
signin-with-password = Avec votre nom d'utilisateur et votre mot de passe
signin-partner-heading = Avec un partenaire de connexion
signin-partner-intro = Utilisez la connexion aux services bancaires en ligne d'un partenaire au lieu d'un nom d'utilisateur et d'un mot de passe. Le partenaire ne nous communique pas vos renseignements bancaires ; il confirme seulement votre identité.
signin-partner-link = Se connecter avec { $partner }
signin-partner-sign-out = Vous êtes déconnecté de ce site. Vous êtes peut-être encore connecté chez votre partenaire : se déconnecter aussi de { $partner }
signin-msg-signed-out-partner = Vous êtes déconnecté, ici et chez votre partenaire de connexion.
partner-problem-title = La connexion par un partenaire n'a pas fonctionné
partner-problem-unknown = Aucun partenaire de connexion ne porte ce nom.
partner-problem-unavailable = { $partner } ne répond pas pour le moment. Réessayez dans quelques minutes ou connectez-vous autrement.
partner-problem-cancelled = Vous avez annulé la connexion chez { $partner }. Rien n'a été modifié.
partner-problem-expired = La connexion a pris plus de 10 minutes et a expiré. Recommencez.
partner-problem-refused = Nous n'avons pas pu confirmer votre identité avec cette connexion. Rien n'a été modifié. Recommencez à partir de la page de connexion.
partner-problem-retry = Réessayer avec le partenaire
partner-problem-other-way = Aller à la page de connexion
partner-email-title = Terminer la création de votre compte
partner-email-intro = { $partner } a confirmé votre identité. Pour terminer, indiquez l'adresse courriel où nous devons vous écrire : nous y enverrons un code pour la confirmer.
partner-email-submit = Envoyer le code
method-partner = Partenaire de connexion : { $partner }
method-partner-totp = Partenaire de connexion : { $partner }, puis un code de votre application d'authentification
account-partner-assurance = Ce que votre partenaire a indiqué à votre dernière connexion
assurance-summary = niveau { $acr } ; méthodes { $amr } ({ $at })
assurance-none = non précisé
account-mfa-partner-on = Après votre partenaire de connexion, nous demandons aussi un code de votre application d'authentification.
account-mfa-partner-off = Votre partenaire de connexion vérifie votre identité. Vous pouvez aussi demander un code d'une application d'authentification à chaque connexion ici.
account-mfa-add = Ajouter une application d'authentification
mail-pr-invite-subject = Votre demande { $number } a été transférée au portail de la RP
mail-pr-invite-body = Bonjour,

    Votre demande de résidence permanente { $number } est maintenant gérée dans le portail de la RP, où vous confirmerez votre résidence permanente.

    Votre code d'invitation : { $code }

    Marche à suivre :
    1. Allez à { $url }
    2. Si vous avez un compte sécurisé, connectez-vous et choisissez « Ajouter un dossier avec un code d'invitation ». Sinon, ouvrez { $url }/start pour créer votre compte du portail de la RP avec le code.
    3. Tapez le code ci-dessus (majuscules, espaces et tirets sans importance) et, si on vous le demande, la date de naissance indiquée dans la demande.

    Le code fonctionne une seule fois, jusqu'au { $expires }. Vous pouvez aussi voir cet avis, et demander un nouveau code, sur la page d'accueil de votre compte sécurisé.

## Portail de la RP : règles de transfert et vagues
waves-title = Transfert de dossiers au portail de la RP
waves-intro = Une règle indique quels dossiers passent au portail de la RP. Prévisualisez-la, puis lancez une vague : chaque dossier visé sans code en reçoit un, par courriel et dans son compte sécurisé.
rules-heading = Règles
rules-none = Aucune règle pour le moment.
rule-new = Nouvelle règle
rule-name = Nom de la règle
rule-program = Programme
rule-stage = Étape
rule-any = Tous
rule-created-from = Dossiers créés le ou après (AAAA-MM-JJ)
rule-created-to = Dossiers créés le ou avant (AAAA-MM-JJ)
rule-created = Créé le
rule-save = Enregistrer et prévisualiser
rule-summary = Programme : { $program } ; étape : { $stage } ; étape de traitement : { $step } ; créés du { $from } au { $to }
rule-title = Règle de transfert
rule-sample = Un échantillon des dossiers visés
rule-matches = { $n ->
    [one] Cette règle vise { $n } dossier.
   *[other] Cette règle vise { $n } dossiers.
}
rule-name-missing = Donnez un nom à la règle (jusqu'à 100 caractères).
rule-dates-reversed = La dernière date de création est avant la première.
rule-date-invalid = Écrivez la date sous la forme AAAA-MM-JJ.
rule-program-unknown = Choisissez un programme dans la liste.
rule-stage-unknown = Choisissez une étape dans la liste.
wave-run = Lancer une vague avec cette règle
wave-run-explain = Chaque dossier visé qui n'a pas encore de code en reçoit un ; les dossiers déjà transférés sont ignorés. La vague s'exécute en arrière-plan et se suit sur sa page.
wave-nothing-matched = Cette règle ne vise aucun dossier : il n'y a rien à transférer.
waves-recent = Vagues récentes
waves-none = Aucune vague pour le moment.
wave-title = Vague
wave-done = Terminée
wave-running = En cours
wave-refresh = Actualiser
wave-counts = { $issued } émis, { $skipped } ignorés, { $failed } en échec, sur { $matched } visés
wave-exceptions = Dossiers ignorés ou en échec, et pourquoi
wave-no-exceptions = Aucun.
wave-reason = Raison
wave-skipped-already-moved = Ignoré : déjà dans le portail de la RP
wave-failed-no-email = Échec : le compte n'a pas d'adresse courriel

## Portail de la RP : codes d'invitation dans le compte sécurisé
home-moved-heading = Transféré au portail de la RP
home-moved-code-sent = Cette demande a été transférée au portail de la RP. Nous vous avons envoyé un code d'invitation par courriel le { $sent } ; il fonctionne jusqu'au { $expires }.
home-moved-no-code = Cette demande a été transférée au portail de la RP. Demandez un code pour l'y ouvrir.
home-moved-redeemed = Cette demande est gérée dans le portail de la RP (lecture seule ici).
pr-go = Aller au portail de la RP
pr-new-code = M'envoyer un nouveau code
pr-new-code-title = Votre nouveau code d'invitation
pr-new-code-for = Code d'invitation pour la demande
pr-new-code-note = Nous vous l'avons aussi envoyé par courriel. Tout code antérieur pour cette demande ne fonctionne plus.
pr-title = Portail de la RP
pr-intro = Vos dossiers de résidence permanente gérés dans le portail de la RP.
pr-add-file = Ajouter un dossier avec un code d'invitation
pr-redeem-title = Ajouter un dossier avec un code d'invitation
pr-redeem-intro = Tapez le code reçu par courriel (majuscules, espaces et tirets sans importance). Si la demande n'est pas la vôtre, indiquez aussi la date de naissance qui y figure.
pr-code = Code d'invitation
pr-dob = Date de naissance dans la demande (si ce n'est pas votre propre demande)
pr-redeem-submit = Ajouter le dossier
pr-no-way-in = Le portail de la RP s'ouvre seulement avec un code d'invitation : ajoutez d'abord un dossier avec votre code.
invite-unknown = Ce code n'est pas le bon, ou la date de naissance n'est pas celle de la demande. Vérifiez les deux dans le courriel et réessayez.
invite-expired = Ce code a expiré. Demandez-en un nouveau depuis la page d'accueil de votre compte sécurisé.
invite-used = Ce code a déjà été utilisé. Chaque code ne fonctionne qu'une fois.
invite-revoked = Ce code a été remplacé par un plus récent. Utilisez le dernier code reçu.

## Portail de la RP (portail 2)
pr-nav-files = Mes dossiers de RP
pr-nav-secure = Compte sécurisé
pr-file-title = Votre dossier de RP
pr-file-added = Le dossier est ajouté à votre portail de la RP.
office-pr-not-eligible = Seul un dossier de résidence permanente soumis, ni refusé ni retiré, peut être transféré au portail de la RP.
office-contents = Sur cette page
office-application = La demande
office-summary-submitted = Soumise le
office-summary-documents = Documents
office-summary-requests = Demandes ouvertes
office-request-new = Demander des documents
office-letter-new = Rédiger une lettre
pr-progress = { $done } étapes faites sur { $of }
pr-progress-waiting = { $n ->
    [one] 1 étape attend l’examen d’un agent
   *[other] { $n } étapes attendent l’examen d’un agent
}
pr-tasks = Vos tâches
pr-task-presence = Déclarer où vous êtes
pr-task-address = Confirmer vos renseignements et votre adresse postale
pr-task-photo = Téléverser votre photo de RP
pr-task-ecopr = Télécharger votre Confirmation de résidence permanente (CRP électronique)
pr-task-card = Votre carte de RP
pr-task-todo = À faire
pr-task-submitted = Envoyé, en attente d'examen
pr-task-accepted = Accepté
pr-task-returned = Renvoyé : à refaire
pr-returned-because = L'agent indique :
pr-ecopr-ready = Prête à télécharger
pr-ecopr-preparing = En préparation
pr-cannot-start = Pas encore possible
pr-card-in-production = En fabrication
pr-card-mailed = Postée à votre adresse
pr-letters = Lettres
pr-requests = Demandes
pr-documents = Documents
pr-none = Aucun.
pr-request-open = Une demande est ouverte, à remplir d'ici le { $deadline } : répondez-y depuis votre compte sécurisé.
pr-live-hint = Cette page se met à jour d'elle-même quand quelque chose change (ou rechargez-la).
pr-live-updated = Mis à jour à l'instant.
pr-back-to-file = Retour à votre dossier
pr-task-not-open = Cette tâche est entre les mains d'un agent ou déjà acceptée : vous ne pouvez pas la modifier pour le moment.
pr-task-closed = Cette tâche ne peut pas être modifiée maintenant : un agent l'examine ou l'a acceptée.
pr-send = Envoyer
pr-presence-intro = Dites-nous si vous êtes au Canada maintenant. Si oui, indiquez la date de votre entrée.
pr-presence-question = Où êtes-vous maintenant ?
pr-presence-in = Je suis au Canada
pr-presence-out = Je suis à l'extérieur du Canada
pr-presence-entered = Date d'entrée au Canada (AAAA-MM-JJ)
presence-choose = Indiquez si vous êtes au Canada ou à l'extérieur.
presence-entry-invalid = Indiquez la date d'entrée au Canada sous la forme AAAA-MM-JJ.
presence-entry-future = La date d'entrée au Canada ne peut pas être dans le futur.
pr-address-intro = Vérifiez les renseignements ci-dessous, puis indiquez l'adresse au Canada où votre carte de RP sera postée.
pr-dob-short = Date de naissance
pr-details-right = Ces renseignements sont exacts.
pr-details-confirm = Confirmez que les renseignements sont exacts (ou écrivez-nous depuis votre compte sécurisé).
pr-address-line-label = Adresse (numéro, rue, appartement)
pr-city = Ville
pr-province = Province ou territoire
pr-postal = Code postal (par exemple K1A 0B1)
pr-address-line = Indiquez l'adresse (jusqu'à 100 caractères).
pr-address-city = Indiquez la ville (jusqu'à 60 caractères).
pr-address-province = Choisissez la province ou le territoire.
pr-postal-invalid = Indiquez un code postal canadien comme K1A 0B1 (lettre, chiffre, lettre, chiffre, lettre, chiffre).
pr-postal-province = Ce code postal n'est pas dans la province ou le territoire choisi.
photo-spec = Une photo couleur de votre visage, en JPEG, d'au moins { $width } × { $height } pixels, aux proportions d'une photo de 35 × 45 mm, d'au plus { $mib } Mo.
pr-photo-file = Photo (JPEG)
pr-photo-given = Votre photo a été envoyée.
photo-not-jpeg = La photo doit être un fichier JPEG (.jpg).
photo-too-large = La photo doit faire 4 Mo ou moins.
photo-too-small = La photo doit faire au moins 420 pixels de large et 540 pixels de haut.
photo-wrong-shape = La photo doit avoir les proportions d'une photo de 35 × 45 mm (plus haute que large, 7 pour 9).
province-ab = Alberta
province-bc = Colombie-Britannique
province-mb = Manitoba
province-nb = Nouveau-Brunswick
province-nl = Terre-Neuve-et-Labrador
province-ns = Nouvelle-Écosse
province-nt = Territoires du Nord-Ouest
province-nu = Nunavut
province-on = Ontario
province-pe = Île-du-Prince-Édouard
province-qc = Québec
province-sk = Saskatchewan
province-yt = Yukon
pr-start-title = Créer votre compte du portail de la RP avec un code d'invitation
pr-start-intro = Indiquez le code d'invitation reçu par courriel et la date de naissance inscrite dans la demande, puis choisissez comment vous vous connecterez. Vous confirmerez votre adresse courriel et configurerez une application d'authentification, comme pour tout compte.
pr-start-have-account = Vous avez déjà un compte ? Connectez-vous, puis ajoutez le dossier avec votre code.
pr-start-submit = Créer mon compte
office-pr-title = Portail de la RP et confirmation de RP
office-pr-link = Portail de la RP et confirmation de RP
office-pr-code = Code d'invitation
office-pr-code-open = Un code a été envoyé le { $sent } ; il fonctionne jusqu'au { $expires }.
office-pr-code-none = Aucun code valide.
office-pr-redeemed = Géré dans le portail de la RP par la personne.
office-pr-not-moved = Ce dossier est géré dans le compte sécurisé.
office-pr-move = Transférer au portail de la RP et envoyer un code
office-pr-new-code = Envoyer un nouveau code (l'ancien cesse de fonctionner)
office-pr-revoke = Révoquer le code
office-pr-confirmation = Confirmation de RP
office-pr-presence-in = Au Canada depuis le { $date }
office-pr-photo-view = Photo envoyée
office-pr-see-photo = Voir la photo
office-pr-accept = Accepter
office-pr-return = Renvoyer
office-pr-reason-label = Raison (obligatoire pour renvoyer ; montrée à la personne)
office-pr-decision = Décision
office-pr-choose = Choisissez d'accepter ou de renvoyer.
office-pr-reason = Indiquez la raison du renvoi (jusqu'à 1 000 caractères).
office-pr-not-waiting = Cette tâche n'attend pas d'examen (elle a peut-être changé entre-temps).
office-pr-issue-ecopr = Délivrer la CRP électronique
office-pr-not-ready = La CRP électronique peut être délivrée une fois les trois tâches acceptées (et une seule fois).
office-pr-ecopr-issued = La CRP électronique a été délivrée.
office-pr-card = Carte de RP
office-pr-card-mailed = Indiquer que la carte de RP a été postée
office-pr-card-not-ready = La carte ne peut être indiquée comme postée qu'après la CRP électronique, une seule fois.
office-pr-msg-code-sent = Un nouveau code a été envoyé par courriel au titulaire du dossier.
office-pr-msg-revoked = Le code ne fonctionne plus.
office-pr-msg-reviewed = Votre décision est enregistrée.
office-pr-msg-ecopr = La CRP électronique est délivrée et la personne en est informée.
office-pr-msg-card = La carte est indiquée comme postée.
letter-ecopr-title = Confirmation de résidence permanente (CRP électronique)
letter-ecopr-body = Le présent document confirme que { $name } a obtenu la résidence permanente du Canada (demande { $number }).

    Conservez ce document : signez à la main votre copie imprimée. Votre carte de RP sera postée à l'adresse indiquée.
ecopr-born = Date de naissance
ecopr-uci = Identificateur client unique (IUC)
ecopr-entered = Date d'entrée au Canada
ecopr-address = Adresse postale au Canada
mail-pr-returned-subject = Une tâche de votre confirmation de RP demande votre attention
mail-pr-returned-body = Bonjour,

    Un agent a renvoyé une des tâches de votre confirmation de RP, avec la raison. Voyez quoi faire dans le portail de la RP : { $url }
mail-ecopr-subject = Votre Confirmation de résidence permanente est prête
mail-ecopr-body = Bonjour,

    Votre Confirmation de résidence permanente (CRP électronique) est prête à télécharger dans le portail de la RP : { $url }
event-moved-to-pr-portal = Transféré au portail de la RP ; un code d'invitation a été envoyé
event-invite-reissued = Un nouveau code d'invitation a été envoyé
event-invite-redeemed = Ouvert dans le portail de la RP
event-pr-presence-accepted = Déclaration de présence acceptée
event-pr-presence-returned = Déclaration de présence renvoyée
event-pr-address-accepted = Adresse postale acceptée
event-pr-address-returned = Adresse postale renvoyée
event-pr-photo-accepted = Photo de RP acceptée
event-pr-photo-returned = Photo de RP renvoyée
event-ecopr-issued = Confirmation de résidence permanente délivrée
event-pr-card-mailed = Carte de RP postée
home-managed-pr = Géré dans le portail de la RP (lecture seule ici)
rule-step = Étape de traitement (facultatif)
rule-step-state = …dans cet état
rule-step-unknown = Choisissez une étape de traitement et son état dans les listes.
signin-pr-code = J'ai un code d'invitation pour le portail de la RP
pr-msg-sent = Envoyé. Un agent l'examinera ; cette page en montrera le résultat.

# Jetons d'API (page du compte)
tokens-title = Jetons d'API
tokens-intro = Un jeton permet à votre propre logiciel (ou à celui de votre représentant) d'utiliser l'API de portail pour vos demandes. Traitez-le comme un mot de passe : qui le détient agit en votre nom, dans les limites de sa portée, jusqu'à son expiration ou sa révocation.
tokens-manage = Gérer les jetons d'API
tokens-made-title = Votre nouveau jeton
tokens-made-text = Copiez-le maintenant et gardez-le en lieu sûr : il n'est affiché qu'une fois. Seule une empreinte en est conservée ici.
tokens-yours = Vos jetons
tokens-none = Vous n'avez aucun jeton d'API.
tokens-name = Nom
tokens-name-hint = À quoi il sert, par exemple « Logiciel de gestion de dossiers ».
tokens-scopes = Ce qu'il peut faire
tokens-scope-read = Consulter
tokens-scope-write = Modifier
tokens-expires = Expire le
tokens-last-used = Dernière utilisation
tokens-never = Jamais
tokens-revoked = Révoqué
tokens-revoke = Révoquer
tokens-new = Créer un jeton
tokens-days = Valide pendant (jours)
tokens-days-hint = De 1 à 365 jours.
tokens-create = Créer le jeton
tokens-back = Retour à votre compte
token-name-invalid = Donnez un nom au jeton, d'au plus 80 caractères.
token-scopes-missing = Choisissez ce que le jeton peut faire.
token-days-invalid = Indiquez un nombre de jours de 1 à 365.

# Messages d'erreur de l'API (le code est stable ; le message s'adresse aux personnes)
api-not-found = Il n'y a rien ici, ou ce n'est pas à vous.
api-unauthorized = Envoyez un jeton d'API valide dans l'en-tête Authorization (Bearer).
api-insufficient-scope = Ce jeton n'a pas la portée nécessaire.
api-managed-in-pr-portal = Cette demande est maintenant gérée dans le portail de la RP.
api-session-only = Ceci ne se fait que depuis une session ouverte dans un navigateur.
api-invalid-input = Certaines valeurs ne peuvent pas être acceptées ; voyez les champs.
api-conflict = Ce n'est pas possible maintenant ; voyez les champs.
api-too-many-requests = Trop de requêtes. Attendez le délai indiqué par Retry-After, puis réessayez.
api-busy = Le service a atteint sa capacité de vérification des mots de passe. Rien n'a été modifié. Réessayez après le nombre de secondes indiqué dans Retry-After.
api-storage-full = L'espace de stockage du service est plein ; rien n'a été écrit. Réessayez après le nombre de secondes indiqué dans Retry-After.
api-too-large = Le corps de la requête est trop volumineux.
api-reauth-required = Reconnectez-vous d'abord.
api-internal = Un problème est survenu de notre côté. Réessayez dans quelques minutes.
api-invalid-body = Le corps JSON a un type erroné, ou un champ manquant ou inconnu.
api-malformed-json = Le corps n'est pas du JSON valide.
api-unsupported-media-type = Envoyez le corps en application/json.
api-bad-request = La requête n'a pas pu être comprise.
api-bad-query = Un paramètre de requête n'est pas valide.
api-bad-cursor = Ce curseur n'appartient pas à la liste.
api-bad-idempotency-key = Envoyez un en-tête Idempotency-Key de 1 à 200 caractères visibles.
api-method-not-allowed = Ce chemin n'accepte pas cette méthode.
api-timeout = La requête a pris trop de temps.
api-upload-cut = Le téléversement ne s'est pas terminé.
request-closed = Cette demande est close : elle a déjà reçu une réponse.
draft-key-used = Cette clé d’idempotence a déjà servi à commencer une demande d’un autre type.
message-key-used = Ce message a déjà été envoyé au sujet d'une autre demande.

## Représentants
rep-title = Agir comme représentant
rep-intro = Un représentant agit pour des clients avec leur consentement : consultant en immigration autorisé, avocat, notaire du Québec, ou aide non rémunérée comme un membre de la famille ou un ami. Les représentants rémunérés peuvent agir une fois que nous avons vérifié leur adhésion auprès de leur ordre. Vous n'avez jamais besoin du mot de passe d'un client : chaque client donne son consentement dans son propre compte.
rep-profile = Votre profil de représentant
rep-number = Numéro de représentant
rep-full-name = Nom complet
rep-full-name-hint = Tel que votre ordre l'inscrit.
rep-kind = Type de représentant
rep-kind-consultant = Consultant en immigration autorisé (rémunéré)
rep-kind-lawyer = Avocat (rémunéré)
rep-kind-notary = Notaire du Québec (rémunéré)
rep-kind-unpaid = Non rémunéré : famille, ami ou organisme
rep-membership = Numéro de membre
rep-membership-hint = Représentants rémunérés seulement : le numéro que votre ordre ou barreau vous a attribué.
rep-business-name = Nom de l'entreprise
rep-business-address = Adresse de l'entreprise
rep-declaration = Je déclare que ces renseignements sont exacts et que j'agirai seulement pour des clients qui y consentent.
rep-submit = Envoyer mon profil
rep-status = État
rep-status-pending = En attente de vérification
rep-status-verified = Vérifié : vous pouvez agir pour des clients
rep-status-refused = Refusé
rep-status-suspended = Suspendu
rep-reason = Motif
rep-cannot-act = Vous ne pouvez pas agir pour des clients maintenant. Tant que votre profil est en attente ou suspendu, aucun dossier de client ne vous est communiqué.
rep-notice-requested = Votre profil a été enregistré. Nous vous écrirons lorsqu'il aura été vérifié.
rep-notice-asked = Si ce client et cette demande correspondent, le client voit votre demande dans son compte et peut l'accepter ou la refuser.
rep-notice-withdrawn = Vous ne représentez plus ce client pour ce dossier. Il en a été informé.
rep-ask-title = Demander le consentement d'un client
rep-ask-intro = Indiquez l'adresse courriel du compte de votre client et le numéro de sa demande. Rien n'est communiqué avant qu'il accepte.
rep-ask-email = Adresse courriel du client
rep-ask-number = Numéro de la demande
rep-ask-submit = Envoyer la demande
rep-consents-title = Consentements de vos clients
rep-consents-none = Aucun consentement pour l'instant.
rep-client = Client
rep-withdraw = Cesser de représenter
rep-withdraw-reason = Pourquoi vous cessez (le client en est informé)
rep-withdraw-submit = Cesser de représenter ce client
rep-clients-title = Mes clients
rep-clients-none = Aucun dossier de client pour l'instant.
rep-agenda-title = Échéancier
rep-agenda-intro = Toutes les échéances ouvertes de tous les dossiers de vos clients, la plus proche d'abord.
rep-agenda-none = Aucune échéance ouverte.
rep-agenda-date = Échéance
rep-filter-search = Nom du client ou numéro de dossier
rep-filter-portal = Portail
rep-filter-stage = Étape
rep-filter-any = Tous
rep-filter-apply = Afficher
rep-sort = Trier par
rep-sort-deadline = Prochaine échéance
rep-sort-client = Client
rep-portal = Portail
rep-portal-secure = Compte sécurisé
rep-portal-pr = Portail RP
rep-program = Programme
rep-stage = Étape
rep-waiting-on = En attente de
rep-waiting-client = Le client (pour signer et envoyer)
rep-waiting-documents = Vous : documents demandés
rep-waiting-agency = L'agence
rep-waiting-none = Personne : décision rendue
rep-next-deadline = Prochaine échéance
rep-unread = Non lus
rep-next-page = Page suivante
rep-kind-missing = Choisissez le type de représentant que vous êtes.
rep-name-invalid = Écrivez votre nom complet (au plus 120 caractères).
rep-membership-invalid = Écrivez votre numéro de membre (3 à 20 lettres et chiffres).
rep-business-invalid = Écrivez le nom de votre entreprise (au plus 160 caractères).
rep-address-invalid = Écrivez l'adresse de votre entreprise (au plus 300 caractères).
rep-declaration-missing = Cochez la déclaration pour continuer.
rep-decision-missing = Choisissez une décision.
rep-reason-missing = Écrivez le motif : la personne en est informée.
rep-exists = Vous avez déjà un profil de représentant.
rep-stale = Ce profil a changé entre-temps. Rechargez la page et réessayez.
rep-none = Vous n'avez pas encore de profil de représentant.
rep-not-acting = Votre profil de représentant ne peut pas agir pour des clients maintenant.

consent-scope = Ce que le représentant peut faire
consent-scope-act = Consulter et agir : remplir les formulaires, téléverser des documents, répondre aux demandes, nous écrire
consent-scope-read = Consulter seulement
consent-correspondence = Qui reçoit les courriels au sujet du dossier
consent-correspondence-representative = Le représentant, à ma place
consent-correspondence-both = Nous deux
consent-correspondence-client = Moi seulement
consent-all-files = Toutes mes demandes
consent-a-draft = brouillon
consent-file = Dossier
consent-terms = Conditions
consent-since = Depuis
consent-status = État
consent-status-requested = En attente du client
consent-status-active = Actif
consent-status-declined = Refusé
consent-status-revoked = Révoqué par le client
consent-status-withdrawn = Le représentant s'est retiré
consent-signature = Votre signature : tapez votre nom complet
consent-signature-hint = Taper votre nom signe ce consentement, comme sur le formulaire « Recours aux services d'un représentant ».
consent-scope-missing = Choisissez ce que le représentant peut faire.
consent-correspondence-missing = Choisissez qui reçoit les courriels.
consent-rep-unknown = Nous n'avons trouvé aucun représentant vérifié avec ce numéro ou ce courriel.
consent-signature-missing = Tapez votre nom complet pour signer.
consent-email-invalid = Écrivez l'adresse courriel du client.
consent-number-invalid = Écrivez le numéro de la demande.
consent-reason-missing = Écrivez pourquoi vous cessez (au plus 1 000 caractères).
consent-exists = Ce représentant a déjà votre consentement (ou une demande) pour cela.
consent-stale = Ce consentement a changé entre-temps. Rechargez la page.

consents-title = Vos représentants
consents-intro = Un représentant peut suivre votre demande et agir pour vous seulement avec votre consentement, et seulement dans les limites que vous fixez. Vous seul signez les déclarations et envoyez la demande. Vous pouvez révoquer un consentement à tout moment : il prend fin immédiatement.
consents-asked = Demandes en attente de votre réponse
consents-asked-by = Un représentant demande à agir pour vous :
consents-accept = Accepter et signer
consents-decline = Refuser
consents-active = Représentants qui agissent pour vous
consents-none = Aucun représentant n'agit pour vous.
consents-representative = Représentant
consents-revoke = Révoquer
consents-appoint = Désigner un représentant
consents-appoint-intro = Votre représentant vous donne son numéro de représentant.
consents-rep-field = Numéro ou courriel du représentant
consents-rep-hint = Par exemple R01234567.
consents-appoint-submit = Désigner et signer
consents-past = Consentements antérieurs
consents-notice-appointed = Votre représentant peut maintenant agir dans les limites que vous avez fixées. Il en a été informé.
consents-notice-accepted = Vous avez accepté la demande. Votre représentant en a été informé.
consents-notice-declined = Vous avez refusé la demande.
consents-notice-revoked = Le consentement est révoqué : votre représentant n'a plus accès à votre dossier.

office-reps-title = Représentants
office-reps-waiting = En attente de vérification
office-reps-none = Aucun.
office-reps-check = Vérifiez le nom et le numéro de membre dans le registre public de l'ordre avant de confirmer.
office-reps-reason = Motif (nécessaire pour refuser ou suspendre ; la personne en est informée)
office-reps-verify = Confirmer
office-reps-refuse = Refuser
office-reps-decided = Profils traités
office-reps-suspend = Suspendre
office-reps-reinstate = Rétablir
office-reps-notice-verified = Le représentant peut agir pour les clients qui y consentent.
office-reps-notice-refused = Le profil a été refusé ; la personne en a été informée.
office-reps-notice-suspended = Le représentant est suspendu : chaque action est refusée dès maintenant.

history-representative = Votre représentant
history-by-representative = Votre représentant, { $name }
event-representative-appointed = Représentant désigné
event-representative-revoked = Consentement du représentant révoqué
event-representative-withdrew = Le représentant s'est retiré
error-client-only = Seul le demandeur peut faire ceci, dans son propre compte : un représentant ne signe et n'envoie jamais pour un client.
api-client-only = Seul le demandeur peut faire ceci : un représentant ne signe et n'envoie jamais pour un client.

mail-rep-decided-subject = Votre profil de représentant a été examiné
mail-rep-decided-body = Bonjour,

    Votre profil de représentant a été examiné. Connectez-vous pour voir le résultat :

    { $url }
mail-consent-asked-subject = Un représentant demande à agir pour vous
mail-consent-asked-body = Bonjour,

    Un représentant demande à agir pour vous au sujet d'une de vos demandes. Rien n'est communiqué avant que vous acceptiez. Connectez-vous pour répondre :

    { $url }
mail-consent-given-subject = Un client vous a donné son consentement
mail-consent-given-body = Bonjour,

    Un client vous a donné son consentement pour agir en son nom. Voyez vos clients :

    { $url }
mail-consent-ended-subject = Une représentation a pris fin
mail-consent-ended-body = Bonjour,

    Un consentement à agir comme représentant a pris fin. Connectez-vous pour le voir :

    { $url }
mail-rep-acted-subject = Votre représentant a agi sur votre demande
mail-rep-acted-body = Bonjour,

    Votre représentant a fait une action sur votre demande. Voyez son historique :

    { $url }
account-reps-intro = Désignez un représentant, répondez à ses demandes ou révoquez un consentement. Si vous êtes vous-même représentant, vos clients sont sur votre page de représentant.
account-reps-manage = Gérer vos représentants
office-by-representative = par le représentant, { $name }
calendar-title = Échéances dans votre agenda
calendar-intro = Votre application d'agenda peut suivre toutes les échéances de vos demandes (et, si vous êtes représentant, des dossiers de vos clients) à partir d'une adresse privée. Quiconque a l'adresse voit les échéances : gardez-la pour vous. Remplacez-la ou désactivez-la à tout moment ; l'ancienne adresse cesse de fonctionner immédiatement.
calendar-none = Vous n'avez pas d'adresse d'agenda.
calendar-make = Créer une adresse d'agenda
calendar-replace = Remplacer l'adresse
calendar-remove = Désactiver le flux
calendar-since = Votre adresse d'agenda a été créée le
calendar-made-title = Votre adresse d'agenda
calendar-made-text = Ajoutez cette adresse à votre application d'agenda comme abonnement (« à partir d'une URL »). Elle n'est affichée que maintenant.
calendar-manage = Configurer le flux d'agenda
account-calendar-intro = Suivez vos échéances dans votre propre application d'agenda.
calendar-name = Échéances — portail
calendar-own-due = Documents à fournir — { $number }
calendar-client-due = Documents à fournir — { $number } ({ $client })
calendar-description = { $program }, demande { $number } : les documents demandés par l'agence sont à fournir ce jour-là.
rep-assistants-title = Adjoints de votre cabinet
rep-assistants-intro = Les adjoints agissent sous votre responsabilité avec leur propre compte, connexion et authentification multifacteur : ils voient les dossiers de vos clients dans les limites de chaque consentement, et chaque action est enregistrée comme la leur pour vous. Retirer un adjoint met fin à ses sessions immédiatement.
rep-assistant-field = Nom d'utilisateur ou courriel de l'adjoint
rep-assistant-hint = Il lui faut d'abord son propre compte portail.
rep-assistant-add = Ajouter l'adjoint
rep-assistant-remove = Retirer
rep-notice-assistant-added = L'adjoint a été ajouté et informé par courriel.
rep-notice-assistant-removed = L'adjoint a été retiré ; ses sessions ont pris fin.
rep-assisting-title = Vous assistez un représentant
rep-assisting = Vous agissez comme adjoint de
delegate-unknown = Nous n'avons trouvé aucun compte pouvant être ajouté avec ce nom d'utilisateur ou ce courriel.
delegate-exists = Cette personne assiste déjà un représentant.
history-assistant = L'adjoint de votre représentant
mail-delegate-added-subject = Vous avez été ajouté comme adjoint d'un représentant
mail-delegate-added-body = Bonjour,

    Un représentant vous a ajouté comme adjoint de son cabinet. Connectez-vous pour le voir :

    { $url }
rep-proof-title = Preuve d'adhésion
rep-proof-intro = Téléversez une preuve de votre adhésion en règle (votre carte de membre ou une lettre de votre ordre). Nous la vérifions avant que vous puissiez agir pour des clients.
rep-proof-given = Reçue :
rep-proof-file = La preuve (PDF, JPEG ou PNG)
rep-proof-hint = Un nouveau fichier remplace celui que vous avez envoyé.
rep-proof-submit = Envoyer la preuve
rep-notice-proof = Votre preuve a été reçue. Nous vous écrirons lorsque votre profil aura été vérifié.
rep-proof-missing = Un représentant rémunéré n'est confirmé qu'une fois sa preuve d'adhésion reçue.
rep-proof-closed = Votre profil n'est pas en attente de vérification : aucune preuve n'est nécessaire maintenant.
office-reps-no-proof = Pas encore reçue
maintenance-title = Périodes de maintenance
maintenance-intro = À partir de { $hours } heures avant une période, chaque page des parties visées affiche un avis. Pendant la période, ces parties sont en lecture seule : les pages et les lectures de l'API fonctionnent, les modifications sont refusées avec une page claire. Les heures sont en UTC.
maintenance-none = Aucune période de maintenance n'a été prévue.
maintenance-col-when = Quand
maintenance-col-parts = Parties
maintenance-col-message = Message
maintenance-col-state = État
maintenance-col-action = Action
maintenance-end = Terminer ou annuler
maintenance-schedule = Prévoir une période
maintenance-starts = Début
maintenance-ends = Fin
maintenance-utc-hint = Date et heure en UTC (temps universel coordonné).
maintenance-start-now = Commencer maintenant (une interruption imprévue) : le début ci-dessus est ignoré
maintenance-parts = Parties du service visées
maintenance-part-account = Compte sécurisé
maintenance-part-pr = Portail de la RP
maintenance-part-office = Bureau interne
maintenance-part-api = API
maintenance-message-en = Message en anglais
maintenance-message-fr = Message en français
maintenance-sign-in-closed = Fermer aussi la connexion (par défaut, on peut encore se connecter et lire)
maintenance-submit = Prévoir la période
maintenance-notice-scheduled = La période a été prévue. Les personnes dont une échéance y tombe reçoivent un courriel.
maintenance-notice-ended = La période a pris fin.
maintenance-state-ahead = À venir
maintenance-state-running = En cours : lecture seule
maintenance-state-over = Terminée
maintenance-state-cancelled = Annulée
maintenance-when = du { $start } au { $end } (UTC)
maintenance-label = Avis de maintenance
maintenance-ahead = Maintenance prévue :
maintenance-running = Maintenance en cours :
maintenance-read-only = D'ici la fin, vous pouvez consulter vos dossiers et vos messages, mais rien ne peut être envoyé ni modifié.
maintenance-ends-before-start = La fin doit venir après le début.
maintenance-in-the-past = Le début est passé. Choisissez une heure plus tardive ou cochez « Commencer maintenant ».
maintenance-no-part = Choisissez au moins une partie du service.
maintenance-message-missing = Rédigez aussi le message dans cette langue.
maintenance-overlaps = Une autre période vise déjà l'une de ces parties à ce moment.
maintenance-time-invalid = Entrez une date et une heure, par exemple 2026-12-05 02:00.
maintenance-already-over = Cette période est déjà terminée ou annulée : rien n'a été modifié.
error-title-maintenance = Lecture seule pendant la maintenance
error-maintenance = Cette partie du service est en lecture seule pendant la maintenance. Rien n'a été enregistré : ce que vous avez envoyé n'a pas été reçu. Veuillez réessayer une fois terminée la maintenance indiquée ci-dessus.
api-maintenance = Cette partie du service est en lecture seule pendant une période de maintenance ; réessayez après le nombre de secondes indiqué dans Retry-After.
mail-maintenance-subject = Maintenance prévue pendant l'une de vos échéances
mail-maintenance-body = Bonjour,

    Le service en ligne sera en maintenance du { $start } au { $end } (UTC). Pendant ce temps, vous pourrez consulter vos dossiers, mais sans rien pouvoir envoyer.

    L'une de vos échéances tombe pendant cette période. Si elle n'est pas prolongée, veuillez agir avant le début de la maintenance. Connectez-vous pour voir vos échéances :

    { $url }
table-scroll-label = Tableau (défile horizontalement sur un écran étroit)
request-moved-hours = { $hours ->
    [one] 1 heure
   *[other] { $hours } heures
}
request-deadline-moved = Prolongée de { $duration } en raison de l'interruption du service du { $on } (UTC).
event-deadline-moved = Une échéance a été prolongée en raison d'une interruption du service
service-title = État des services
service-feed = Suivre les mises à jour (flux Atom)
service-json = Les mêmes données en JSON
service-stale-title = Nous ne pouvons pas joindre nos registres pour le moment.
service-stale = Les états ci-dessous viennent de nos dernières vérifications. Les incidents et l’historique sont ceux du { $time } (UTC) : ils peuvent ne pas être à jour.
service-checked = Dernière vérification : { $time } (UTC). La page est vérifiée toutes les 30 secondes.
service-not-checked = La première vérification n’est pas encore terminée. Veuillez recharger cette page dans une minute.
service-overall-operational = Toutes les parties du service fonctionnent normalement.
service-overall-maintenance = Une maintenance prévue est en cours : certaines parties sont en lecture seule.
service-overall-degraded = Certaines parties du service sont lentes ou échouent par moments.
service-overall-interrupted = Certaines parties du service sont interrompues.
service-current-incidents = Incidents en cours
service-incident-no-update = Nous cherchons la cause. Les mises à jour seront publiées ici.
service-incident-open = Interruption du service depuis le { $start } (UTC)
service-incident-ended = Interruption du service du { $start } au { $end } (UTC), { $duration }
service-duration = { $hours } h { $minutes } min
service-parts-caption = Chaque partie du service
service-col-part = Partie
service-col-state = État actuel
service-col-uptime = Disponibilité, 90 derniers jours
service-uptime-hint = La disponibilité est la part de nos vérifications (toutes les 30 secondes) qui ont trouvé la partie en fonction. Une maintenance prévue et annoncée n’est pas comptée comme une interruption.
service-part-account = Compte sécurisé
service-part-pr = Portail de la RP
service-part-api = API des logiciels des représentants
service-part-uploads = Téléversement des documents
service-part-email = Envoi des courriels
service-part-partner = Connexion avec { $name }
service-state-operational = En fonction
service-state-maintenance = Maintenance : lecture seule
service-state-degraded = Lent ou en échec par moments
service-state-interrupted = Interrompu
service-no-data = Pas encore de données
service-maintenance = Maintenances prévues
service-maintenance-none = Aucune maintenance n’est prévue.
service-history = Les 90 derniers jours
service-bad-days = jours avec une interruption
service-past-none = Aucun incident depuis 90 jours.
service-feed-maintenance = Maintenance prévue { $when }
service-link = Voir l’état des services
incidents-title = Incidents
incidents-intro = Un incident est une interruption imprévue. Il paraît sur la page publique de l’état des services avec ses mises à jour et, une fois terminé, chaque échéance tombée pendant l’incident ou dans les 24 heures qui suivent est prolongée de sa durée.
incidents-none-open = Aucun incident n’est ouvert.
incidents-start-title = Ouvrir un incident
incidents-start-hint = Il commence maintenant. Dites ce que les gens ne peuvent pas faire, en mots simples, dans les deux langues ; aucune donnée personnelle.
incidents-start = Ouvrir l’incident
incidents-update = Publier une mise à jour
incidents-post = Publier la mise à jour
incidents-end-title = Clore l’incident
incidents-end-hint = Il se termine maintenant. Une dernière mise à jour est facultative (dans les deux langues, ou aucune).
incidents-end = Clore l’incident maintenant
incidents-past = Incidents passés (90 jours)
incidents-notice-started = L’incident est ouvert. Il paraît sur la page de l’état des services.
incidents-notice-updated = La mise à jour est publiée.
incidents-notice-ended = L’incident est clos. Les échéances tombées pendant l’incident, ou dans les 24 heures suivantes, ont été prolongées de sa durée.
incident-message-missing = Rédigez aussi la mise à jour dans cette langue.
incident-message-too-long = La mise à jour doit compter moins de 1 000 caractères.
incident-already-open = Un incident est déjà ouvert : publiez plutôt une mise à jour.
incident-none-open = Aucun incident n’est ouvert : rien n’a été modifié.
request-moved-minutes = { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
}
processing-title = Délais de traitement
processing-intro = Le temps qu’ont pris les demandes, calculé à partir des dossiers décidés au cours des 12 derniers mois : du jour où la demande a été soumise au jour où elle a été approuvée ou refusée. Un programme doit compter au moins { $min } dossiers décidés avant que ses délais soient publiés.
processing-computed = Calculés à partir de décisions réelles le { $time } (UTC) ; mis à jour toutes les heures.
processing-not-computed = Pas encore calculés.
processing-col-program = Programme
processing-col-p80 = 8 sur 10 décidés en moins de
processing-col-median = La moitié décidée en moins de
processing-col-files = Dossiers décidés
processing-too-few = Pas encore assez de dossiers décidés
processing-how = Ces délais ne sont pas des promesses : un dossier incomplet, une entrevue ou un examen médical prennent plus de temps. La page de votre demande indique depuis combien de temps la vôtre attend.
processing-days = { $days ->
    [one] 1 jour
   *[other] { $days } jours
}
processing-yours = La plupart des demandes comme la vôtre (8 sur 10) sont décidées en moins de { $within }; la vôtre a été soumise il y a { $ago }.
processing-link = Délais de traitement
event-invite-extended = Un code d’invitation a été prolongé en raison d’une interruption du service
next-title = Et ensuite
next-submitted = Nous avons reçu votre demande. Un agent vérifie qu'elle est complète ; vous recevrez un accusé de réception dans vos messages et lettres.
next-received = Votre demande est complète et attend un agent. Nous vous écrirons s'il nous faut quelque chose : répondez à toute demande avant son échéance.
next-in-progress = Un agent traite votre demande. Surveillez vos messages et lettres : une demande de documents ou un rendez-vous peut arriver.
next-approved = Votre demande est approuvée. La lettre d'approbation, dans vos messages et lettres, dit quoi faire ensuite et quoi apporter lors de votre voyage.
next-refused = Votre demande est refusée. La lettre, dans vos messages et lettres, en donne les raisons. Vous pouvez présenter une nouvelle demande, ou demander à un tribunal de réviser la décision dans le délai indiqué dans la lettre.
next-withdrawn = Vous avez retiré cette demande : elle n'aura pas d'autre suite. Vous pouvez présenter une nouvelle demande à tout moment.
next-returned = Votre demande a été renvoyée parce qu'elle était incomplète. La lettre indique ce qui manquait ; vous pouvez présenter une nouvelle demande avec tout ce qu'elle demande.
about-link-help = Aide
about-link-contact = Nous joindre
about-link-privacy = Confidentialité
about-link-accessibility = Accessibilité
about-link-terms = Conditions d'utilisation
about-help-title = Aide
about-help-1 = Pour présenter une demande, créez un compte sécurisé (aucune invitation n'est nécessaire), choisissez ce que vous demandez, répondez à chaque section, téléversez les documents que la liste exige, puis payez et signez. Vous pouvez vous arrêter à tout moment : votre ébauche est conservée.
about-help-2 = Vous avez perdu votre téléphone ? Connectez-vous avec l'un des codes de récupération conservés lors de la configuration de votre application d'authentification, puis configurez l'application de nouveau depuis la page de votre compte. Mot de passe oublié ? Utilisez « Mot de passe oublié ? » sur la page de connexion : nous vous envoyons un lien par courriel.
about-help-3 = Échéances : une demande de documents indique son échéance sur la page de votre demande. S'il vous faut plus de temps, demandez-le sur la page de la demande avant l'échéance. Si notre service est interrompu, les échéances tombées pendant l'interruption sont prolongées automatiquement.
about-help-4 = Le service fonctionne-t-il ? La page de l'état des services le dit, partie par partie, et annonce les maintenances prévues. Combien de temps faut-il ? La page des délais de traitement donne, pour chaque programme, le délai dans lequel 8 demandes sur 10 ont été décidées au cours des 12 derniers mois.
about-help-5 = Quelqu'un vous aide ? Un représentant autorisé peut agir pour vous dès que vous y consentez depuis la page de votre compte ; vous pouvez retirer ce consentement à tout moment.
about-contact-title = Nous joindre
about-contact-1 = Au sujet d'une demande présentée : écrivez-nous depuis sa page (« Nous écrire au sujet de cette demande »). Votre message et notre réponse restent au dossier, et nous vous avisons par courriel de notre réponse.
about-contact-2 = Au sujet de votre compte (connexion, adresse courriel, application d'authentification) : consultez d'abord l'aide ; si vous êtes toujours bloqué, écrivez-nous au sujet de l'une de vos demandes en précisant qu'il s'agit de votre compte.
about-contact-3 = Ceci est la démonstration d'une agence fictive : personne ne répond au téléphone, et les messages ne sont lus que par les personnes qui l'essaient.
about-privacy-title = Avis de confidentialité
about-privacy-1 = Nous recueillons ce que vous nous donnez pour décider de votre demande : vos réponses, vos documents et les renseignements sur les personnes de votre demande ; et ce dont le service a besoin pour protéger votre compte : votre nom d'utilisateur, votre adresse courriel, les sessions que vous ouvrez et quand.
about-privacy-2 = Qui les voit : les agents qui traitent votre dossier, et un représentant seulement avec votre consentement et seulement pour les dossiers visés. Chaque fois qu'un agent ouvre votre dossier ou un document, c'est inscrit dans un journal d'audit.
about-privacy-3 = Comment ils sont protégés : les documents sont chiffrés, chacun avec sa propre clé ; les mots de passe ne sont conservés que sous forme de hachage lent à sens unique ; la connexion exige un second facteur. Les courriels disent que quelque chose vous attend, jamais le contenu de votre dossier.
about-privacy-4 = Combien de temps ils sont conservés : votre dossier aussi longtemps que la loi l'exige pour son programme ; le contenu des courriels qui vous sont envoyés est effacé après 30 jours (la trace de l'envoi est conservée).
about-privacy-5 = Vos droits : vous pouvez lire tout votre dossier et en télécharger l'historique complet en PDF depuis la page de votre demande ; vous pouvez demander une correction en nous écrivant au sujet de la demande.
about-privacy-6 = Cette agence de démonstration est fictive : n'entrez pas de vrais renseignements personnels.
about-accessibility-title = Déclaration d'accessibilité
about-accessibility-1 = Nous visons à ce que ce service respecte les Règles pour l'accessibilité des contenus Web (WCAG) 2.1 au niveau AA, en français et en anglais.
about-accessibility-2 = Comment nous vérifions : chaque page que visite notre test dans un navigateur, dans les deux langues, est vérifiée avec le moteur axe-core, sur ordinateur et à la largeur d'un téléphone ; chaque formulaire fonctionne sans JavaScript, et au clavier seul.
about-accessibility-3 = Limites connues : les lettres et reçus que nous envoyons en PDF ne sont pas encore balisés pour les lecteurs d'écran ; leur contenu figure aussi sur les pages de votre demande.
about-accessibility-4 = Vous pouvez agrandir le texte jusqu'à 200 % et les pages se réorganisent ; rien n'exige une souris ni un geste précis ; la session vous avertit avant de prendre fin pour inactivité.
about-accessibility-5 = Si quelque chose ne fonctionne pas pour vous, écrivez-nous au sujet de votre demande en indiquant la page et ce qui s'est passé : nous répondons, et nous corrigeons ce que nous pouvons.
about-terms-title = Conditions d'utilisation
about-terms-1 = Ce service vous permet de présenter une demande à l'agence et de suivre vos demandes. Donnez des réponses vraies et complètes : une fausse déclaration peut entraîner un refus.
about-terms-2 = Votre compte n'appartient qu'à vous : ne communiquez ni votre mot de passe, ni votre application d'authentification, ni vos codes de récupération. Une personne qui agit pour vous doit le faire comme votre représentant, avec votre consentement, depuis son propre compte.
about-terms-3 = N'essayez pas d'atteindre des dossiers qui ne sont pas les vôtres ni de perturber le service : chaque accès est enregistré.
about-terms-4 = Ceci est la démonstration d'une agence fictive, et non un service gouvernemental : rien de ce que vous soumettez ici n'est une vraie demande.

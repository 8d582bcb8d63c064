# ruff: noqa: E501  (vocabulary patterns read best one phrase family to a line)
"""The vocabulary the narrative reader knows: lay phrases for each Episode fact, and context cues.

This module is data. Every pattern is a regular expression matched against the text after it has
been lower-cased and had its apostrophes and dashes made plain (see `document.normalise`), and
each is wrapped in word boundaries. `<NUM>` stands for a number in digits or words.

A term is `(field, value, patterns, options)`. Fields that start with `_` are routed by the
reader, not written straight into the Episode:

- `_sensory`  numbness or tingling; routed by body site to `saddle_numbness` (genitals, buttocks,
  inner thighs), `neurovascular_signs` (face) or `numbness_tingling` (a limb, or no site given);
- `_pain`     pain words; the value is the default intensity, changed by nearby words such as
  "really" or "a bit". Pain placed in a leg or arm also counts as `radiating_pain`;
- `_weak`     weakness; in a limb it is `limb_weakness`, in the core or trunk it is ignored;
- `_give_way` giving way; a leg or knee that gives way is `limb_weakness`, otherwise the back's
  `giving_way`;
- `_neuro`    "leg symptoms", "nerve symptoms": all of radiating pain, numbness and weakness;
- `_self_adjust` cracking one's own back on purpose (activity, habit and sound at once);
- `_steroids` corticosteroids, which count only when oral and taken for 3 months or more.

Options: `negated` is the value when the term is negated (bool fields default to False, other
fields are then left unknown; None: a denial of it says nothing, as "no headache" is not "no pain"); `uncertain` marks a term that is itself a hedge ("pinched nerve");
`absorbs` lets a term own the negation or experiencer words inside it ("no feeling in my feet" is a
finding, not a denial); `fixed` means the value holds whatever the context ("my legs are fine").
"""

from __future__ import annotations

from typing import Any

Term = tuple[str, Any, tuple[str, ...], dict[str, Any]]

# Body sites, used to route sensations and pain.
LIMB = r"(?:legs?|thighs?|calf|calves|shins?|knees?|foot|feet|toes?|ankles?|heels?|arms?|hands?|fingers?|forearms?|elbows?|wrists?)"
LIMB_PLURAL = r"(?:legs|thighs|calves|shins|knees|feet|arms|hands|forearms)"
SADDLE = (
    r"(?:down there|between (?:my |the |his |her |their )?legs|bottom|bum|buttocks?|backside|butt|groin|genitals?|"
    r"genital area|privates|private parts|private area|crotch|perineum|inner thighs?|saddle(?: area)?|arse|erse|"
    r"inside of (?:my|the|her|his|their) (?:legs|thighs)(?: at the top)?|insides? of (?:my|the|her|his|their) thighs|top of (?:my|the|her|his|their) (?:inner )?thighs|"
    r"anus|back passage|vagina|penis|scrotum|testicles|when i wipe|toilet paper|undercarriage|"
    r"(?:when|while|as|after) (?:i|he|she|they) (?:wipe|wipes|wiped)|wiping|(?:toilet|loo) seat|feel (?:the )?seat|"
    r"(?:sit|sits|sitting|sat) on (?:the )?(?:toilet|loo)|"
    r"(?:area|bit|part|place)s? (?:that )?(?:you'?d|you would|you|i'?d|i|one would) (?:sit|sits) on|"
    r"(?:area|bit|part|place)s? (?:where|that) (?:you'?d|you would|you|i'?d|i|one|he|she|they|we) (?:sit|sits)|"
    r"insides? of (?:my |the |her |his |their )?(?:legs|thighs)|(?:insides?|tops?) of the (?:tops?|insides?) of (?:my |the |her |his |their )?(?:legs|thighs)|"
    r"nether regions|down below)"
)
FACE = r"(?:face|facial|cheeks?|lips?|jaw|tongue|side of my face)"
TRUNK = r"(?:core|stomach|tummy|abs|abdominals?|back|spine|trunk|body|whole body|all over)"

FAMILY = (
    r"(?:(?:mother|father|sister|brother|son|daughter)-in-law|mother|mom|mum|mam|mummy|mommy|father|dad|daddy|papa|brother|sister|sibling|wife|husband|"
    r"partner|boyfriend|girlfriend|fiance|fiancee|son|daughter|aunt|auntie|uncle|cousin|niece|"
    r"nephew|grandma|grandmother|granny|gran|nan|nana|nanna|grandpa|grandfather|grandad|granddad|"
    r"friend|mate|colleague|coworker|co-worker|boss|neighbour|neighbor|flatmate|roommate|housemate|"
    r"teammate|relative|in-law|stepmother|stepfather|stepmum|stepdad)"
)

NUMBER_WORDS: dict[str, float] = {
    "zero": 0,
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a dozen": 12,
    "dozen": 12,
    "dozens of": 24,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "a few": 3,
    "few": 3,
    "several": 3,
    "dozens": 24,
    "half a": 0.5,
    "half an": 0.5,
    "a half": 0.5,
    "a hundred": 100,
    "hundred": 100,
}

# Pain intensity words near a pain term. Checked in this order: a minimiser wins ("it hurts a bit
# but not much" is mild), then intensifiers.
PAIN_MILD = (
    r"(?<!quite\s)a bit|a little|a tad|(?<!quite\sa\s)(?<!a\s)(?<!fair\s)bit|little|slight|slightly|mild|mildly|minor|not much|not a lot|"
    r"not (?:too |that |so |as |very |all that )?bad|(?<!can\s)(?<!could\s)(?:barely|hardly)|tiny|a touch|niggl\w*|twinge\w*|"
    r"not (?:very|too|that|so|overly|particularly|terribly|all that|really that)|only just|manageable|"
    r"[0-3](?:\.[0-9])? ?(?:/|out of) ?10"
)
PAIN_SEVERE = (
    r"really|very|so|extremely|excruciating\w*|agony|agonis\w*|agoniz\w*|unbearabl\w*|terribl\w*|"
    r"horribl\w*|horrendous\w*|awful\w*|severe\w*|intense\w*|sharp|stabbing|worst|crippl\w*|"
    r"killing me|a lot|like hell|proper|fierce|incredibly|massive\w*|screaming|searing|can'?t move|cannot move|"
    r"can barely move|can hardly move|bad|badly|seriously|properly|loads|lots|tons|heaps|like mad|like crazy|"
    r"strong|very strong|well well|too much|so much|as anything|like anything|as hell|like hell"
)
PAIN_MODERATE = (
    r"quite a bit|quite|pretty|fairly|moderate\w*|more and more|a fair bit|worse|worsening|getting worse|"
    r"constant\w*|increasingly"
)

T: list[Term] = []


def term(field: str, value: Any, *patterns: str, **options: Any) -> None:
    T.append((field, value, patterns, options))


#: The facts a private term's mentions can become (the learned reader adds nothing to a fact the
#: lexicon set aside as someone else's or past).
PRIVATE_FIELDS: dict[str, tuple[str, ...]] = {
    "_pain": ("pain",),
    "_weak": ("limb_weakness", "progressive_weakness"),
    "_sensory": ("numbness_tingling", "saddle_numbness"),
    "_neuro": ("radiating_pain", "numbness_tingling", "limb_weakness"),
    "_radiate_it": ("radiating_pain",),
    "_give_way": ("giving_way",),
    "_steroids": ("long_term_steroids",),
    "_self_adjust": ("self_adjusting",),
}


# --- where -----------------------------------------------------------------------------------
term(
    "region",
    "lower_back",
    r"low back",
    r"small of (?:my|the|his|her|their) back",
    r"(?:my|his|her|their|the) waist(?!\w)(?! ?(?:band|line|size))",
    r"back of down",
    r"bottom of (?:my|the|his|her|their) back",
    r"(?:low|lower|bottom) part of (?:my|the|his|her|their) back",
)
term(
    "region",
    "neck",
    r"neck",
    r"cervical",
    r"c-spine",
    r"top of (?:my|the|his|her|their) spine",
    r"base of (?:my|the|his|her|their) skull",
)
term(
    "region",
    "upper_back",
    r"upper back",
    r"upper-back",
    r"bra[- ]?strap(?: level| line| height)?",
    r"mid back",
    r"mid-back",
    r"midback",
    r"middle of (?:my|the|his|her|their) back",
    r"middle back",
    r"between (?:my |the )?shoulder blades",
    r"shoulder blades?",
    r"thoracic",
    r"ribs?",
    r"rib cage",
    r"ribcage",
    r"top of (?:my|the|his|her|their) back",
    r"upper spine",
    r"t-spine",
    r"mid spine",
    r"mid-spine",
)
term(
    "region",
    "lower_back",
    r"lower backs?",
    r"lower-back",
    r"low back",
    r"lumbar",
    r"l[1-5](?: ?[/-] ?(?:l[1-5]|s1))?",
    r"lumbago",
    r"small of (?:my|the|his|her|their) back",
    r"bottom of (?:my|the|his|her|their) back",
    r"base of (?:my|the|his|her|their) spine",
    r"lower spine",
    r"tail ?bone",
    r"coccyx",
    r"sacrum",
    r"sacroiliac",
    r"si joints?",
    r"lower part of (?:my|the|his|her|their) back",
    r"low (?:down )?in (?:my|the|his|her|their) back",
    r"down low in (?:my|the|his|her|their) back",
)
term(
    "region",
    "unsure",
    r"not sure where",
    r"can'?t tell where",
    r"somewhere in (?:my|the|his|her|their) back",
    r"(?:my|the|his|her|their) whole back",
    absorbs=True,
)

# --- the sound ---------------------------------------------------------------------------------
term(
    "sound",
    "pop",
    r"pop|pops|popped|popping|poppy|went pop|crack|cracks|cracked|cracking|cracky",
    r"crunch(?:ed)? once",
)
term("sound", "click", r"click|clicks|clicked|clicking|clicky|snap|snaps|snapped|snapping", r"flick(?:ed|s)?")
term(
    "sound",
    "grinding",
    r"grind|grinds|grinding|grinded|(?<!the\s)(?<!on\s)ground(?= when| as| if| every)",
    r"crunch|crunches|crunching|crunchy|crunchiness",
    r"grate|grates|grating|grated",
    r"gravel|gravelly|gravelling|graveling|like gravel",
    r"crepitus",
    r"crackl\w*",
    r"(?:string|series|run|succession|stream|rattle|whole lot|load|bunch|burst) of (?:tiny |little |small |wee )?(?:clicks|pops|cracks|crackles|clicking|popping)",
    r"like (?:a |someone doing up a )?zip(?:per)?\b",
    r"(?:like )?a bag (?:of|o) (?:gravel|chuckies|stones|marbles|nails|bones)",
    r"creak|creaks|creaking|creaky",
    r"rice krispies",
    r"sandpaper",
    r"like sand",
    r"like (?:walking on |stepping on |treading on |crunching )?(?:fresh |crisp )?(?:snow|cornflakes|gravel|bubble ?wrap|eggshells)",
    r"(?:[kcg]r{2,}\w*)(?:[ ,-]+[kcg]r{2,}\w*)+",
    # (but "rubbing both legs" or "rubbing her back" is someone's hand)
    r"rubbing(?! (?:his|her|my|their|your|both|the|them|it better|cream|gel|oil|some)\b)",
    r"repeated click\w*",
    r"repetitive click\w*",
    r"lots of (?:little |tiny )?clicks",
    r"series of (?:little |tiny )?clicks",
    r"clicks? (?:and clicks?|over and over|constantly)",
    r"(?:click|crack|pop)(?:[- ](?:click|crack|pop)){2,}",
    r"(?:click|clicks|clicking) (?:\w+ ){0,4}(?:with|on|at) (?:every|each) (?:single )?(?:bend|step|rep|move|movement|twist|turn|squat)",
)
term(
    "sound",
    "clunk",
    r"clunk|clunks|clunked|clunking|clunky|thud|thuds|thudded|thudding|thunk",
    r"clonk\w*",
    r"'?(?:dong|bong|donk|thunk)'? (?:sound|noise)|(?:sound|noise) like something heavy (?:drop|dropp\w*|fall\w*)",
    r"bang",
    r"loud knock",
    r"jolt of a clunk",
    r"like (?:a |someone |somebody )?(?:dropping|banging|slamming|knocking|thumping) (?:a|something|the)",
)
term(
    "sound",
    "none",
    r"(?:didn'?t|did not|couldn'?t|could not|don'?t|do not) hear (?:anything|a thing|a sound|any sound|any noise|it)",
    r"silent(?:ly)?",
    r"soundless",
    r"no audible \w+",
    r"without (?:a|any) (?:sound|noise)",
    r"no (?:sound|noise)",
    r"not (?:a|any) (?:sound|noise)",
    absorbs=True,
    fixed=True,
)
term("sound", "unsure", r"noise|noises|sound|sounds", r"(?:weird|strange|funny|odd) (?:noise|sound)", negated="none")

# --- can it happen again straight away? ------------------------------------------------------
term(
    "repeat",
    "not_for_a_while",
    r"(?:can'?t|cannot|can not|couldn'?t|could not|won'?t|will not|doesn'?t|does not|unable to|not able to) (?:make it |get it to |get it |make them |force it to )?(?:pop|crack|click|do it|happen|go)(?: it)? again",
    r"(?:can'?t|cannot|won'?t) (?:pop|crack) (?:it )?(?:again )?(?:for|until)",
    r"(?:have|has|need|needs|had) to wait (?:[\w']+ ){0,4}?(?:before|until|for)",
    r"won'?t (?:pop|crack|go) again",
    r"not again for a while",
    r"only (?:pops|cracks|goes) once",
    r"takes (?:a while|an hour|some time|time|ages|a few minutes) (?:before|to|until)",
    r"for a while (?:before|until) (?:it|i can)",
    absorbs=True,
    fixed=True,
)
term(
    "repeat",
    "not_for_a_while",
    r"(?:single|one) (?:loud |big |clean |sharp |quick |little |good )?(?:pop|crack)",
    uncertain=True,
    fixed=True,
)
term(
    "repeat",
    "every_movement",
    r"with (?:every|each) (?:single )?(?:movement|move|step|bend|twist|turn|breath|rep|stride)",
    r"on (?:every|each) (?:movement|move|step|bend|twist|turn)",
    r"every movement",
    r"over and over(?: again)?",
    r"again and again",
    r"repeatedly",
    r"(?:can|could) (?:make it|get it to|make them) (?:pop|crack|click|grind)(?: again)? (?:again|whenever|any time|anytime|on demand|straight away|right away|over and over|every time)",
    r"same (?:spot|place) every time",
    r"every (?:single )?time i move",
    r"every (?:single )?(?:bend|rep|step|squat|twist|turn|stretch|nod)\b",
    fixed=True,
)
# "Every time I bend" says when the sound comes, and only hints that it can be repeated at once.
term(
    "repeat",
    "every_movement",
    r"(?:every (?:single )?time|each time|whenever) i (?:bend|bent|move|twist|turn|rotate|stretch|lean|step|breathe|nod|roll|look|squat|flex|arch|tilt|rock|shrug)\w*(?! (?:\w+ )?(?:to|after|in order to) \w)",
    fixed=True,
    weak=True,
)


# --- what the person was doing ----------------------------------------------------------------
term(
    "activity",
    "high_energy_trauma",
    r"(?:car|road|traffic|motorbike|motorcycle|bike|bicycle|cycling|scooter|quad bike|skiing|ski|snowboard\w*|bus) (?:accident|crash|collision|smash|wreck)",
    r"car crash\w*",
    r"crash(?:ed)? (?:my|the|a) (?:car|bike|motorbike)",
    r"rear[- ]?ended",
    r"(?:got |was |been |were )?shunted(?: from behind| up the back| in the back)?|rear[- ]shunt\w*",
    r"(?:a |the )?(?:car|van|truck|lorry|bus|taxi|4x4|suv) (?:pulled|came|turned) out (?:on|in front of|right in front of) (?:me|us|him|her|them)|a (?:car|van|truck|lorry|bus|taxi) pulled out",
    r"(?:went|flew|thrown|came|was thrown|got thrown) (?:straight |right )?over (?:the |its |my |his |her )?(?:bonnet|hood|handlebars?|bars|windscreen|roof of)",
    r"(?:came|come|fell|fallen|tumbled) off (?:the )?(?:\w+ ){0,3}(?:of )?(?:the |a )?scaffold\w*",
    r"hit by a (?:car|van|bus|truck|lorry|bike|motorbike)",
    r"crash\w* (?:with|into) (?:an?other |the other |other )?(?:player|skier|snowboarder|rider|cyclist)|head to head",
    r"(?:a |the |another )?(?:car|van|truck|lorry|bus|minibus|coach|taxi|tram|train|tractor|suv|4x4) (?:hit|crashed into|smashed into|ran into|drove into|went into|ploughed into|plowed into|rammed|slammed into) (?:it|us|them|the (?:back of )?(?:\w+ )?(?:minibus|bus|car|van|taxi|coach|cab|ambulance))",
    r"knocked (?:off|down) (?:my bike|by a \w+)",
    r"(?:rta|road traffic accident|mva|motor vehicle accident)",
    r"whiplash",
    r"(?:fell|fall|falling|fallen|came|come|tumbled) (?:off|from|out of) (?:a|the|my|our|his|her) (?:ladder|roof|tree|horse|wall|balcony|scaffold\w*|bunk bed|loft|height|stepladder|step ladder|trampoline|motorbike|bike|bicycle|window|platform|cliff)",
    r"fall from (?:a )?height",
    r"(?:fell|fall|falling|fallen|dropped|tumbled|came down|went through)\b[^.!?]{0,80}?\b(?:must be |about |around |nearly |over |at least |maybe |probably |a good |some )?(?:(?:[4-9]|[1-9][0-9]|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)(?: or (?:[0-9]+|\w+))? ?(?:feet|foot|ft)|(?:[1-9]|one|two|three|four|five|six)(?: or (?:[0-9]+|\w+))? ?(?:metres?|meters?|m))\b",
    r"fell from (?:a )?height",
    r"(?:fell|fall|falling|fallen|tumbled|thrown|slipped|slid|tripped|went) down (?:the |a |some |our |his |her )?(?:whole |full |entire )?(?:flight of )?(?:stairs|steps)",
    r"tackled?|tackling|rugby tackle|(?:sports?|football|rugby|hockey) (?:collision|injury|hit|tackle)",
    r"(?:thrown|bucked|fell|fallen|came|come|flew|flung|tossed) (?:off|from) (?:a|the|my|his|her|their) (?:\w+ )?(?:horse|pony)",
    r"(?:his|her|their|a|the|an?) (?:\w+'s )?(?:knee|boot|head|elbow|shoulder|foot|stick|helmet) (?:hit|struck|smashed into|caught|cracked into|slammed into|went into) (?:me|my) (?:in the )?(?:head|face|neck|back|chin|jaw)",
    r"(?:crashed|collided|clashed|smashed|slammed) head (?:against|to|on|into|with) head|head[- ]on collision|(?:crashed|collided|smashed|slammed) (?:\w+ ){0,5}(?:at |running |going )?full (?:speed|pelt|tilt)",
    r"(?:hit|struck|smashed into|ploughed into|plowed into|took out|wiped out|knocked down) (?:me|him|her|them|us) (?:at )?(?:full speed|full pelt|full tilt|flat out|at speed)|(?:wiped out|taken out|cleaned up|collected|hit|smashed|knocked (?:down|over|flying)) by a (?:snowboarder|skier|car|van|cyclist|bike|motorbike|horse|truck|lorry|bus)",
    r"(?:came off|crashed|flew off|went over|fell off)\b[^.!?]{0,30}?\bat (?:speed|full speed|high speed|[0-9]+ ?(?:mph|km/?h))\b[^.!?]{0,20}?\binto (?:a |the )?(?:tree|wall|fence|post|car|van|rock|barrier)",
    r"(?:fell|fall|falling|fallen|came|come|tumbled) (?:off|from) (?:the )?top of (?:a |the )?(?:\w+ ){0,2}(?:tower|wall|frame|ladder|stairs|cliff|roof|bunk|slide)",
    r"(?:came|come|fell|fallen|thrown|flew|flung) off (?:a|the|my|his|her|their) (?:road |mountain |racing |push |motor |dirt |e-?)?(?:bike|bicycle|motorbike|motorcycle|scooter|quad|moped)",
    r"(?:went|gone|going|flew|flipped) over (?:the|my|his|her) handle ?bars",
    r"(?:fell|fall|falls|falling|fallen|dropped|came off|come off) (?:\w+ ){0,6}?(?:<NUM>|a few|a couple of) ?(?:m|metres?|meters?|feet|ft|storeys?|stories|floors?)\b(?! (?:away|long|wide))",
    r"(?:fell|fall|falls|falling|fallen|came|come) (?:off|from) (?:the top of )?(?:a|the|my|his|her|their) (?:\w+ )?(?:wall|climbing wall|bouldering wall|roof|scaffold\w*|ladder|tree|balcony|cliff|stage|platform)",
    r"(?:a |the )?(?:clash|collision|tackle|hit|bang|knock|shoulder|belt) (?:of a \w+ )?(?:at|in|during|playing) (?:\w+ )?(?:training|match|game|rugby|football|hurling|hockey|lacrosse|camogie|shinty|gaelic|afl)",
    r"(?:sandwiched|crushed|squashed|caught|pinned) (?:between|by) (?:two|a|the|some) (?:\w+ ){0,2}(?:lads|players|guys|men|blokes|opponents|defenders|player|forwards)",
    r"(?:wiped out|taken out|knocked (?:over|down|flying)|mown down|mowed down|flattened|hit|struck) by (?:a |an |another |some )?(?:\w+ )?(?:snowboarder|skier|cyclist|car|van|lorry|truck|bus|motorbike|player|rider|runner|horse)",
    r"(?:came|ran|flew|crashed|slammed|ploughed|plowed|smashed|went|drove|skied|rode) (?:flying |full speed |full pelt |straight |right )?into (?:me|him|her|us|the back of (?:me|my car|us|my van|him|her|our car))",
    r"shoulder to shoulder|(?:clash\w*|collided|collide|barged|flattened|smashed into|ran into|crashed into|clatter\w* into|clattered by|clobbered by|hit by|taken out by|landed on by|sandwiched by) (?:with )?(?:a|another|the|an|some|two) (?:\w+ ){0,2}(?:player|lad|guy|bloke|opponent|defender|forward|man|prop|tackler|goalie|keeper)s?",
    r"(?:thrown|bucked) (?:off|from) (?:a|the|my) horse",
    r"head[- ]on collision",
    r"(?:clash\w*|bang\w*|smash\w*|crack\w*|knock\w*|butt\w*) heads?(?! off)|head[- ]?(?:clash|butt)\w*|clash of heads",
    r"(?:collision|collided|collide|collides|colliding|crashed into)",
    r"hit by (?:a|another) player",
    r"body[- ]?slammed",
    r"(?:car|truck|vehicle|van|jeep|humvee|mrap|tractor|quad|atv|bus|lorry|ute|suv|pickup)s? (?:that |which )?(?:rolled|flipped|overturned|went over|rolled over|tipped over)",
    r"when (?:we|it|the \w+) (?:rolled|flipped|went over|overturned|crashed)",
    r"(?:fell|fall|falls|falling|fallen|came|come|tumbled|dropped) (?:off|from|out of) (?:the top of )?(?:a|the|my|our|his|her|their) (?:\w+ )?(?:climbing frame|jungle gym|monkey bars|treehouse|tree house|bunk|top bunk|hayloft|bleachers|stands|fence|gate|haystack|silo|truck|lorry|trailer|wagon)",
    r"decked|(?:fell|fall|falling|dropped|came off|decked) from (?:about |around |nearly |over |almost |a good )?(?:<NUM>|a few|a couple of) ?(?:m|metres?|meters?|feet|ft|storeys?|stories)\b",
    r"speared|spear[- ]?tackl\w*|(?:went|crashed|skied|ran|flew|rode|cycled|smashed|slammed|ploughed|plowed|slid) (?:straight |headfirst |head first |full speed |full pelt )?into (?:a |the )?(?:tree|wall|post|barrier|rock|boulder|fence|lamppost|car|van|goalpost)",
    r"(?:got |was |been |get )?(?:hit|smashed|flattened|taken out|clattered|tackled) (?:hard |really hard |late |high )?(?:in a (?:ruck|tackle|scrum|maul|challenge) )?by (?:two|three|a|another|some|a couple of) (?:\w+ ){0,2}(?:lads|players|guys|men|blokes|opponents|lad|player|guy|bloke|forwards)",
    r"(?:scrum|ruck|maul|pile[- ]?up) (?:\w+ )?collapsed (?:on|onto) (?:me|him|her|us)",
    r"hit (?:a |the )?(?:tree|wall|post|barrier|rock|boulder|lamppost|fence|pylon) (?:at (?:full )?speed|going fast|head[- ]on|at \w+ mph)",
    r"(?:<NUM>|a few|a couple of|a good <NUM>|about <NUM>|over <NUM>|nearly <NUM>) ?(?:m|metres?|meters?|feet|ft|storeys?|stories) (?:up|high|drop|down|onto|on to|to the (?:ground|floor|yard|road|bottom|concrete))",
    # a vehicle that hit the person, a crash into something, a vehicle that rolled over
    r"(?:a |the )?(?:car|van|lorry|truck|bus|taxi|motorbike|motorcycle|vehicle|tractor|train) (?:hit|knocked|struck|ran over|ran into|crashed into|went into|reversed into|drove into) (?:me|him|her|them|us|my|his|her)",
    r"(?:crash\w*|smash\w*|wrap\w*|drove|drive|driving|ploughed|plowed) (?:\w+ ){0,4}?into (?:a |the )?(?:lamp ?post|lamppost|tree|wall|barrier|pole|post|ditch|bollard|parked car|van|lorry|truck|bus)",
    r"t-?boned|(?:hit|struck|smashed|clipped) (?:us |me )?side[- ]?on|(?:car|van|bike)(?:'s| is| was) (?:a )?(?:write[- ]off|written off)|airbags? (?:went off|deployed|came out|going off)",
    r"(?:had|have been in|were in|was in|been in|got in) a (?:car |road |bad |big |serious |nasty |motorway |bike )?(?:crash|collision|accident|smash|pile[- ]?up)",
    r"(?:went|drove|ploughed|plowed|smashed|crashed|slammed|ran) (?:straight )?into the (?:side|back|front) of (?:us|me|my car|our car|my van|the car)",
    r"(?:rolled|roll|rolls|rolling|flipped|flip|overturned|tipped) (?:over )?(?:the |my |a |his |her |our )?(?:\w+ )?(?:quad|quad bike|atv|tractor|car|jeep|buggy|van|truck|ute|kart)",
    r"(?:came|come|fell|tipped|rolled) (?:over )?on ?(?:top of|to) (?:me|him|her)",
    r"(?:crash\w*|smash\w*|wreck\w*|totall?ed|write off|wrote off) (?:his|her|my|their|our|the|a) (?:\w+ )?(?:car|van|bike|motorbike|motorcycle|quad|scooter|truck)",
    r"(?:i|he|she|we) (?:was thrown|got thrown|went flying)",
    # ("we flew to Majorca" is a holiday)
    r"(?:i|he|she|we) (?:fly|flew|flown) (?:off|through|across|over|backwards|forwards|head ?first|into (?:the |a )?(?:air|wall|tree|fence|windscreen|ditch|hedge))",
    r"(?:i|he|she|we) (?:was|were) (?:the |a |in the )?(?:front[- ]seat |back[- ]seat |front |back )?passengers?",
    # hard hits in contact sport
    r"(?:took|take|takes|taking|got|get|gets|copped|cop) (?:a |one |this )?(?:big|huge|hard|massive|heavy|nasty|proper|monster|late|high|bad) (?:hit|tackle|knock|bang|smash|check|shot)",
    r"(?:got |been |was |get )?boarded|(?:checked|slammed|smashed|hit|thrown) (?:hard )?(?:into|against) the boards",
    r"(?:slammed|smashed|crashed|(?:landed|fell|came down) (?:hard|flat|heavily)) (?:straight )?(?:on|onto|into) (?:the )?(?:concrete|tarmac|pavement|road|ground|rocks?)",
    r"(?:fell|fall|falls|falling|fallen|dropped|drop|jumped|jump|came|come|slipped) (?:off|from) (?:a |the |my |his |her |their )?(?:\w+ )?(?:roof|scaffold\w*|ladder|balcony|loft|cliff|bridge|rooftop|garage roof|shed roof|first floor|second floor|upstairs window)",
)
term(
    "activity",
    "fall",
    r"(?<!nearly\s)(?<!almost\s)(?<!foot\sis\s)(?<!feet\sare\s)(?:fell|fall|falls|falling|fallen)(?! (?:to )?sleep| asleep| apart| out with| ill| pregnant| behind| pillow)"
    # ("to catch a falling tray": the tray fell)
    r"(?! (?:tray|plate|glass|cup|mug|box|boxes|object|objects|bottle|branch|pan|pot|phone|vase|books?|tin|jar|child|kid|baby|toddler|items?|stock|shelf|shelves)\b)",
    r"(?:slipped|slip|slips|slipping)(?! (?:a |my |the |his |her )?discs?)",
    r"tripped|trip|trips|tripping",
    r"tumble|tumbled|tumbles",
    r"(?:slid|slipped|rolled|came) (?:off|out of) (?:the )?(?:edge of (?:the|a|my|his|her) )?(?:bed|chair|sofa|couch|stool|toilet)",
    r"landed (?:hard |flat )?on (?:my|the|his|her|their) (?:back|bum|bottom|butt|tailbone|side|arse|backside|coccyx)",
    r"(?:went|gone|go|goes|going) over on (?:my|his|her|their|the) ankle",
    r"went flying",
    r"lost my footing",
    r"on the ice|on ice|icy",
    r"took a tumble",
    r"missed (?:a|the|one|my) (?:\w+ )?step",
    r"came off (?:my|the) chair",
    r"(?:stepped|stepping|step) (?:off|down) (?:a|the) (?:kerb|curb|step|pavement|bus|train)",
)
term(
    "activity",
    "heavy_lift",
    r"lift|lifts|lifted|lifting|deadlift\w*|heavy lift\w*|carry|carries|carrying|carried|hoist|hoists|hoisted|hoisting|heft|hefted|hefting",
    r"(?:swung|swing\w*|lift\w*|carr\w*|haul\w*|hoist\w*|heav\w*|pull\w*|lug\w*|drag\w*) (?:the |a |our |my |his |her )?(?:big |heavy |double )?(?:baby |infant )?(?:car ?seat|pram|buggy|stroller|travel system|pushchair)",
    r"weigh(?:s|ed)? (?:a ton|a tonne|loads|a lot)",
    r"pick(?:ed|ing|s)? up (?:a |the |my |an |some |this |that |our |his |her )?(?:[0-9]+ ?(?:kg|kgs|kilos?|lbs?|pounds?) )?(?:heavy |big |full |large )?(?:box|boxes|child|kid|kids|toddler|baby|son|daughter|grandchild|grandson|granddaughter|suitcase|luggage|bag|bags|shopping|weights?|furniture|sofa|couch|crate|dog|sack|bin|tyre|tire|log|logs|bucket|patient|barbell|kettlebell|kayak|canoe|boat|engine|generator)",
    r"moving (?:house|furniture|a sofa|the sofa|boxes)",
    r"(?:hoist\w*|lift\w*|haul\w*|hump\w*|heav\w*|lug\w*|load\w*|shift\w*|carr(?:y|ied|ying)|mov(?:e|ed|ing)|bring(?:ing)? in|brought in) (?:the |a |my |our |his |her )?(?:kayak|canoe|boat|engine|generator|worktop|radiator|bags? (?:of|o) \w+|sacks? (?:of|o) \w+|creels? (?:of|o) \w+|baskets? (?:of|o) (?:turf|logs|coal|washing|laundry)|van|lorry|truck|trailer|skip)",
    r"shifting (?:furniture|boxes)",
    r"(?:taking|took|take|takes|bearing|bore|bear|holding|held|hold|took) (?:most of |all of |the full |the whole |a lot of )?(?:the |his |her |their |a patient'?s )weight",
    r"slide[- ]?sheet",
    r"manual(?:ly)? handl\w*",
    r"(?:get|got|getting|help\w* (?:get|lift)|lift\w*) (?:a |the |an )?(?:pt|patient|resident|client|man|woman|lady|gentleman) (?:back )?(?:up )?(?:off|from) the floor",
    r"(?:boost\w*|hoist\w*|transfer\w*|reposition\w*|lift\w*|mov(?:e|ed|ing)|roll(?:ed|ing)?|turn(?:ed|ing)|slid\w*|pull\w*) (?:a |the |an |my |our |his |her )?(?:heavy |big |large |heavier |bariatric |\w+ )?(?:patient|resident|client|service user|man|woman|lady|gentleman) (?:up|onto|into|out of|off|from|across|over|in)",
    r"heavy (?:box|bag|load|weight|weights|shopping|suitcase)",
    r"squats?|squatting",
    r"squat(?:ted|ting|s)? [0-9]+(?: ?(?:kg|kgs|kilos?|lbs?|pounds))?",
    r"bench press\w*",
    r"(?:heavy )?(?:shrugs|barbell rows|bent[- ]over rows|overhead press\w*|military press\w*|rack pulls|power cleans?|clean and jerk|snatch(?:es)?)\b",
    r"heavy (?:rows|curls|presses|reps|sets|singles)",
    r"hauling|hauled|heaving|heaved|heave (?:a|the|some)",
    r"(?:moving|moved|move|shifting|shifted|pulling|pulled|pushing|pushed|dragging|dragged|hauling|humping|lugging|shovel\w*|yank\w*|tugg\w*|wrench\w*|hoist\w*) (?:a |the |an |some |my |our |his |her )?(?:heavy |big |large |full |stuck |solid |oak |old |\w+ )?(?:heavy |big |large |full |stuck |solid |oak |old )?(?:[0-9]+ ?kg |[0-9]+ ?(?:lb|lbs|pound) )?(?:suitcase|luggage|case|wardrobe|fridge|freezer|piano|bed|mattress|table|desk|cabinet|washing machine|sofa|couch|furniture|parcel|crate|pallet|keg|barrel|sack|bales?|wheelbarrow|trolley|snow|coal|sand|gravel|soil|compost|rubble)",
)
term(
    "activity",
    "self_adjusting",
    r"chiro(?:practor)?[- ]style\w*(?: twist)?",
    r"(?:twist|twisted|twisting|turn|turned|turning|stretch|stretched|stretching|lean|leaned|leant|bend|bent) (?:\w+ ){0,3}to (?:crack|pop|click) (?:it|my back|my neck|my spine)",
    r"self[- ]?adjust\w*",
    r"self[- ]?manipulat\w*",
    r"self[- ]?crack\w*",
    r"(?:twist|twists|twisted|twisting|turn|turns|turned|turning|stretch|stretches|stretched|stretching|bend|bends|bent|lean|leans|push|pushes|pushed|pushing) (?:\w+ ){0,3}(?:for|to) (?:make|making|get|getting) (?:it |a |the )?(?:crack|pop|click)",
    r"(?:using|use|uses|against|on) (?:a |the |my )?(?:door ?frame|doorway|chair back|back of (?:a|the|my) chair|foam roller|wall) to (?:crack|pop)",
    r"(?:twist|twists|twisted|twisting|turn|turns|turned|turning|lean|leans|leaning|leaned|stretch|stretches|stretching|bend|bends|bending|arch|arches|arching|rock|rocks|rocking|wriggle|wriggles|wiggle|wiggles) (?:[\w']+ ){0,6}?(?:till|until|untill|til|'til|so) (?:my |it |the |his |her )?(?:\w+ )?(?:back |neck |spine )?(?:cracks|pops|clicks|goes|cracked|popped|clicked|went)",
    absorbs=True,
)
term(
    "activity",
    "twisting",
    r"twist|twists|twisted|twisting|twisty",
    r"rotat(?:e|ed|es|ing)",
    r"swivel\w*",
    r"turn(?:ed|ing|s)? (?:around|round|to look|my body|to reach|to the side)",
    r"turn(?:ed|ing|s)? (?:my |the |his |her )?(?:head|neck)",
    r"turn(?:ed|ing|s)? it(?! (?:on|off|up|down|over|in|into)\b)",
    r"turn(?:ed|ing|s)? (?:quickly|sharply|suddenly|fast|too fast|too quickly|awkwardly)",
    r"turn(?:ed|ing|s)? (?:round )?to (?:reverse|look|see|check|grab|reach|get|speak|talk)",
    r"look(?:ed|ing|s)? (?:over|behind|round|around) (?:my|the|his|her) shoulders?",
    r"golf swing",
    r"swung|swinging|swing",
)
term(
    "activity",
    "bending",
    r"bend|bends|bent|bending",
    r"bent over|bending over|bend over|bending down|bent down",
    r"lean(?:ed|ing|s)? (?:forward|over|down)",
    r"stoop\w*",
    r"touch(?:ed|ing)? my toes",
    r"tying my (?:shoe|shoes|laces)",
    r"pick(?:ed|ing|s)? up",
    r"reach(?:ed|ing)? down",
    r"picking something up",
)
term(
    "activity",
    "stretching",
    r"stretch|stretches|stretched|stretching",
    r"yoga|pilates",
    r"roll(?:ed|ing|s)? my shoulders",
    r"arch(?:ed|ing)? my back",
    r"reach(?:ed|ing)? up",
    r"reach(?:ed|ing)? (?:overhead|above my head)",
    r"foam roll\w*",
    r"yawn\w*",
    r"extend(?:ed|ing)? my back",
    r"back ?bends?|back-bends?|backbending|bridges?|bridging|the splits|limbering up|warming up",
)
term(
    "activity",
    "position_change",
    r"(?:stand|stood|standing|get|got|getting|gets|sit|sat|sitting|climb\w*) (?:up|down)",
    r"(?:get|got|getting|gets|climbing|climbed) (?:out of|into|in to|off) (?:the |my |a )?(?:bed|chair|car|sofa|couch|bath|seat|armchair)",
    r"(?:roll|rolled|rolling|turn|turned|turning) over (?:in bed)?",
    r"lying down|lie down|lay down|lying back",
    r"(?:changing|change|changed|shifting|shifted) (?:my )?position",
    r"out of bed",
    r"sitting up|sat up|sit up",
    r"rising from",
    r"woke up and (?:stood|got)",
)
term(
    "activity",
    "other",
    r"sneez\w*|cough\w*|laugh\w*|hiccup\w*",
    r"running|jogging|jogged|ran",
    r"walking|walked",
    r"driving",
    r"in my sleep|while sleeping|asleep",
    r"(?:the |my |a )?(?:chiropractor|chiro|osteopath|physio|physiotherapist|massage therapist|masseuse)(?:'s)? (?:cracked|adjusted|manipulated|clicked|popped|did|twisted|turned|pushed|pressed|moved|worked on|stretched)",
    r"(?:at|by|from|with) (?:the |my |a )(?:chiropractor|chiro|osteopath|physio|physiotherapist|massage)",
    r"massage",
    r"dancing|swimming|cycling|gardening|hoovering|vacuuming",
    r"head ?stands?|hand ?stands?|cartwheels?|somersaults?|forward rolls?|gymnastics",
)
term(
    "activity",
    "unknown",
    r"out of (?:nowhere|the blue)",
    r"for no reason",
    r"no idea what i was doing",
    r"not doing anything",
    r"randomly|at random",
    absorbs=True,
)

# --- cracking one's own back --------------------------------------------------------------------
term(
    "_self_adjust",
    True,
    r"(?:crack|cracks|cracked|cracking|pop|pops|popped|popping|click|clicks|clicked|clicking|adjust|adjusts|adjusted|adjusting|manipulate|manipulates|manipulated|manipulating) (?:my|me|his|her|their|our) (?:own )?(?:[\w-]+ ){0,2}?(?:back|neck|spine|backs|necks|spines)(?: myself| himself| herself| themselves| ourselves)?",
    r"(?:crack|cracks|cracked|cracking|pop|pops|popped|popping|click|clicked|clicking) (?:it|them|my joints|my vertebrae) (?:myself|on purpose|deliberately)",
    r"(?:crack|cracked|cracking|pop|popped|popping) (?:it|my back|my neck) (?:for|to get) relief",
    r"(?:twist|twists|twisted|twisting|turn|turns|turned|turning|stretch|stretches|stretched|stretching|bend|bends|bent|lean|leans|push|pushes|pushed|pushing) (?:\w+ ){0,3}(?:for|to) (?:make|making|get|getting) (?:it |a |the )?(?:crack|pop|click)",
    r"(?:make|made|making|force|forced|forcing|get|got|getting) (?:it|my back|my neck|my spine|a pop|a crack|it to) ?(?:to )?(?:pop|crack|click)(?! again)",
    r"forc(?:e|ed|ing) (?:a )?(?:pop|crack)",
    r"(?:make|made|makes|making|get|gets|got|getting|force|forces|forced|forcing) (?:my|his|her|their) (?:[\w-]+ )?(?:back|neck|spine) to (?:pop|crack|click|go)\b",
    r"crack(?:ing)? habit",
    r"(?:twist|twists|twisted|twisting|turn|turns|turned|turning|stretch|stretches|stretched|stretching|bend|bends|bent|bending|push|pushes|pushed|pushing|roll|rolls|rolled|rolling) (?:it|them|my (?:[\w-]+ )?(?:back|neck|spine)) (?:myself|himself|herself|themselves)",
    r"(?:giv(?:e|es|ing|en)|gave) (?:my|his|her|their|me) (?:\w+ )?(?:back|neck|spine) a (?:\w+ )?(?:crack|pop|click)",
    r"(?:i|he|she|we|they) (?:crack|cracks|pop|pops) (?:it|them)(?! open| up| out)",
    r"(?:until|till|til) (?:i|it) (?:get|gets|hear|hears|feel|feels)(?: that| a| the)? (?:pop|crack|click)",
    r"(?:twist|twists|twisting|turn|turns|turning|stretch|stretches|stretching|bend|bends|bending|push|pushes|pushing|lean|leans|leaning|roll|rolls|rolling) (?:\w+ ){0,3}(?:until|till|til) (?:my|his|her) (?:\w+ )?(?:back|neck|spine) (?:goes|pops|cracks|clicks|gives)",
    r"(?:back|neck|knuckle|joint)[- ]?crack(?:er|ing addict)",
    r"(?:twist|twists|twisting|turn|turns|turning|stretch|stretches|stretching|bend|bends|bending|push|pushes|pushing|lean|leans|leaning|roll|rolls|rolling) (?:\w+ ){0,3}(?:until|till|til|untill) (?:it|something|my back|my neck|i hear it|they|my spine) (?:goes|go|pops|pop|cracks|crack|clicks|click|gives)",
    r"(?:crack|cracks|cracked|cracking|pop|pops|popped|popping|click|clicks|clicked|clicking) (?:my|me) (?:own )?(?:\w+ ){1,2}(?:and|&) (?:my )?(?:own )?(?:back|neck|spine|lower back|upper back)",
    r"(?:i |i'm |im )?(?:do|does|did|doing) (?:it|this|that) (?:myself )?(?:on purpose|deliberately|intentionally|voluntarily)",
    negated="never",
)

# --- how often the sound comes with pain --------------------------------------------------------
term(
    "pain_with_sound",
    "consistently",
    r"every (?:single )?time(?: it (?:pops|cracks|clicks|grinds|clunks|goes|happens))?,? (?:it )?(?:really )?(?:hurts|is painful|aches|is sore|there's pain)",
    r"(?:hurts|painful|aches|sore) (?:her |him |me |them )?(?:every (?:single )?time|each time|always|whenever it (?:pops|cracks|clicks|grinds|goes))",
    r"(?:hurts|aches|is painful|is sore) (?:\w+ ){1,2}?(?:afterwards|after|then|too|as well),? (?:every (?:single )?time|each time|always)",
    r"always (?:hurts|painful|sore|aches|comes with pain)",
    r"(?:click|clicks|pop|pops|crack|cracks)\b[^.!?]{0,60}\b(?:every (?:single )?time|each time|always),? (?:it )?(?:is |does )?(?:hurt\w*|pain\w*|sore|ach\w*)",
    r"(?:each|every) (?:pop|crack|click) hurts",
    r"every (?:single )?time (?:it |my \w+ |the \w+ )?(?:clicks|pops|cracks|clunks|grinds|goes)(?: [\w']+){0,4}? (?:there'?s|there is|i get|comes|with) (?:a |an )?(?:\w+ ){0,2}(?:pain|stab|twinge|jab|ache|hurt)",
    r"(?:every (?:single )?time|whenever|each time) (?:my |the |it )?(?:[\w-]+ ){0,3}?(?:clicks|pops|cracks|clunks|grinds|snaps|goes)\b(?:(?!\b(?:no|not|never|doesn'?t|don'?t|without|isn'?t|nothing)\b)[^.!?]){0,80}?\b(?:hurts|twinges?|pain|stabs?|stings?|jabs?|sore|ache|aches|painful)\b",
    r"(?:every (?:single )?time|each time)\W+(?:[\w']+\W+){0,14}?(?:click|clicks|pop|pops|crack|cracks|clunk|clunks|grind|grinds)\W+(?:(?!\b(?:no|not|never|doesn'?t|don'?t|without|isn'?t|nothing)\b)[\w']+\W+){0,8}?(?:it )?(?:hurts|twinges|aches|stings|stabs|(?:a |an )?(?:\w+ )?(?:stab|jab|twinge|pain|sting) with it)\b",
    r"every (?:single )?time (?:it )?(?:comes|came) with (?:a |an )?(?:[\w/.-]+ ){0,4}(?:pain|stab|twinge|jab|ache)",
    r"(?:every (?:single )?time|each time),? (?:there'?s|there is|i get|i feel|comes) (?:a |an )?(?:\w+ ){0,2}(?:sting|pain|twinge|jab|stab|ache)\b(?: \w+){0,3} (?:with|as|when) (?:the |a |it )?(?:click|pop|crack|clunk|grind)",
    r"whenever it (?:pops|cracks|clicks|grinds|goes),? (?:it )?(?:hurts|aches)",
    r"it always hurts when it (?:pops|cracks|clicks)",
    r"painful (?:every|each) time",
    r"(?:every (?:single )?time|each time|whenever) it (?:does|goes|happens),? (?:there'?s|i (?:get|feel)) (?:a |this )?(?:sharp |sudden |stabbing |little )?(?:jab|pain|twinge|stab)",
    r"(?:every (?:single )?time|each time|whenever) (?:my |it |the )?(?:[\w-]+ ){0,3}?(?:pops|cracks|clicks|grinds|clunks|snaps|popped|cracked|clicked),? (?:it )?(?:really |always )?(?:hurts|is painful|aches|is sore|stings|there'?s (?:a )?pain|i (?:get|feel) (?:a )?pain)",
)
term(
    "pain_with_sound",
    "sometimes",
    r"(?:sometimes|occasionally|at times),? (?:it )?(?:hurts|is painful|aches|is sore|painful)(?: \w+){0,5},? (?:and )?(?:sometimes|other times) (?:not|it doesn'?t|it does not)",
    r"(?:sometimes|occasionally|now and then|once in a while|some of the time|at times),? (?:it )?(?:hurts|is painful|aches|is sore|painful)",
    r"(?:hurts|painful|aches|sore) (?:sometimes|occasionally|now and then|some of the time|at times)",
    r"not always painful",
    r"doesn'?t always hurt",
    r"does not always hurt",
)
term(
    "pain_with_sound",
    "never",
    r"never (?:hurts|painful|aches|sore|any pain)",
    r"(?:doesn'?t|does not) ever hurt",
    r"always painless",
    r"(?:no|never any) pain ever",
    r"never comes with pain",
    r"never been painful",
    r"(?:pops|cracks|clicks|clunks|grinds|popping|cracking|clicking) (?:\w+ )?(?:without|with no) (?:any )?pain",
    absorbs=False,
)

# --- pain ----------------------------------------------------------------------------------------
term("_pain", "none", r"pain[- ]?free|painless|painlessly|free of pain|no pain at all|hurts? nothing", fixed=True)
term("_pain", "moderate", r"hurt|hurts|hurting|hurted|painful|pain|pains|throb\w*|nerve pain", r"sciatic pain")
term(
    "_pain",
    "mild",
    r"(?:mildly|slightly|a bit|a little|bit|little) stiff",
    r"sore|soreness|ache|aches|ached|aching|achy|achey|achiness|backache|back ache",
    r"discomfort|uncomfortable|tender|tenderness|twinge|twinges|niggle|niggles|niggling|stiff and sore",
    r"(?:mild|slight|bit of|some|a little) stiffness",
)
term("_pain", "moderate", r"winc(?:e|es|ed|ing)|grimac\w*|jab|jabs|jabbing|ow+|ouch|owie")
term(
    "_pain",
    "mild",
    r"ouchie|ouchy|(?:ouch|owie|ow),? (?:a )?(?:little|tiny|wee) bit",
    r"(?:the pain|pain|it|the hurt) (?:is|was|'s|is only|was only|'s only) (?:only |just )?(?:a little bit|a little|a bit|a tiny bit|a wee bit)(?= *(?:$|[,.;!?]))",
)
term("_pain", "moderate", r"'?(?:middling|medium|so-so)'? (?:sore|painful|bad|pain)")
# A headache after a neck crack is pain too (a sudden, severe one is its own warning sign).
term("_pain", "mild", r"headache|head ache|headachy", negated=None)
# "getting worse not better, pretty bad now": how bad it is, with no word for pain
term(
    "_pain",
    "moderate",
    r"(?:pretty|quite|fairly|really|very) bad now|(?:it'?s|its|it is|back is|back'?s) (?:now )?(?:pretty|quite|fairly|really|very) bad",
)
term("_pain", "mild", r"(?:a |an )?(?:quick |little |slight |sharp |small )?(?:sting|stings|stinging)(?! nettles?)")
term(
    "_pain",
    "mild",
    r"dolorido|dolorida|dolor|dolore|dolori|douleur|schmerz|schmerzen|molestias?|molestie|fastidio|halka (?:sa )?dard|dard",
)
# The person's own grade said on its own ("only mildly", "still mild now", "moderate, I'd say", "he'd
# call the pain moderate", "some days it's severe"): it says how much, where "hurts" only says that.
_GRADE_BEFORE = r"(?:only|just|still|but|is|was|stays|stayed|remains|remained|it'?s|its|it is|it was|it gets|it got|it'?s been|pain'?s|pain is|pain was)"
_GRADE_AFTER = r"(?= *(?:$|[,.;!?)]|only\b|at (?:the )?(?:very )?least\b|but\b|and\b|like\b|now\b|though\b|really\b|at the moment\b|today\b|at worst\b|at times\b|i'?d say\b|i would say\b|i think\b|she says\b|he says\b|she said\b|he said\b|tbh\b|honestly\b|some days\b|ever since\b|since\b))"
_GRADE_SAYS = r"(?:,? (?:i'?d say|i would say|i think|i guess|she says|he says|she said|he said|they say|they said|he reckons|she reckons|i reckon))"
_GRADE_CALLS = r"(?:call|calls|called|rate|rates|rated|describe|describes|described|grade|grades|graded) (?:the |his |her |my |this )?(?:pain|it) (?:as )?(?:a |an |pretty |fairly |very )?"
for _grade, _word in (
    ("mild", r"mild(?:ly)?|slight(?:ly)?"),
    ("moderate", r"moderate(?:ly)?|medium|middle|middling"),
    ("severe", r"severe(?:ly)?"),
):
    term(
        "_pain",
        _grade,
        _GRADE_BEFORE + r" (?:very |quite |fairly |pretty |really )?(?:" + _word + r")" + _GRADE_AFTER,
        r"(?<![\w-]\s)(?:" + _word + r")" + _GRADE_SAYS,
        _GRADE_CALLS + r"(?:" + _word + r")",
        r"(?<=[,;:]\s)(?:" + _word + r") at (?:the )?(?:very )?(?:least|most)",
        r"(?<=[,;:]\s)(?:" + _word + r")" + _GRADE_AFTER,
        r"(?:i'?d say|i would say|i guess|i reckon)(?: it'?s| its| it is)?,? (?:" + _word + r")(?!\w)",
        grade=True,
    )
# "I'd call it moderate": the person's own grade.
term(
    "_pain",
    "mild",
    r"(?:call it|i'?d say(?: it'?s)?|rate it|describe it as|it'?s|its|only|just) (?:a |pretty |fairly )?(?:mild|slight)(?! \w)",
)
term("_pain", "moderate", r"(?:call it|i'?d say(?: it'?s)?|rate it|describe it as) (?:a |pretty |fairly )?moderate")
term("_pain", "severe", r"(?:call it|i'?d say(?: it'?s)?|rate it|describe it as) (?:a |pretty |fairly |very )?severe")
term(
    "_pain",
    "severe",
    r"agony|agonising|agonizing|excruciating|killing me|unbearable pain",
    r"(?:the )?worst (?:pain|agony|hurt)(?: \w+)? ever|worst ever pain",
    r"(?:pain|it|hurt) (?:is |was |'s )?(?:very (?:much |very )?|so |too |really )(?:strong|big|heavy)",
    r"(?:the )?worst (?:pain )?(?:i'?ve|i have|i'?d|she'?s|he'?s|she has|he has) ever (?:had|felt|known)",
    r"(?:it|this|that|which) kills(?: me| him| her)?|kills (?:me|him|her)|killing (?:him|her|them)",
    r"crying (?:with|from|because of) (?:it|the pain)",
    r"(?:it'?s|its|it is|it was|it'?s been|it has been|it had been|pain is|pain'?s|pain was|pain has been) (?:really,? |very,? |so |proper |properly |seriously |super )+(?:bad|awful|terrible|horrible|horrendous)",
    r"(?:like|as if) (?:a |being )?(?:knife|knives|knifed|stabbed|stab|daggers?|razor blades?|hot poker|red[- ]hot poker|vice|vise)",
    r"crying (?:out|in pain)|screaming in pain|scream\w* (?:when|whenever|if)|cr(?:y|ies|ied) out",
    r"(?:been|is|was|it'?s) (?:absolute |pure |sheer |bloody )?(?:murder|hell|torture|torment)",
    r"(?:can'?t|cannot|can barely|can hardly) move (?:for|because of|with) (?:the )?pain",
    r"(?:can'?t|cannot|can not|couldn'?t|can barely|can hardly|unable to) (?:stand|get) (?:up )?(?:straight|upright)",
    r"(?:can'?t|cannot|can not|couldn'?t|can barely|can hardly|unable to) straighten(?: up| out)?",
    r"cr(?:y|ies|ied|ying) (?:when|whenever|if|every time) (?:i |he |she |they )?(?:moves?|walks?|stands?|sits?|turns?|bends?)",
    r"(?:big|huge|massive|enormous|very big|terrible|horrible) pain",
)

# --- red flags: nerves ---------------------------------------------------------------------------
term(
    "radiating_pain",
    True,
    r"sciatica|sciatic",
    # as dictation software writes it ("sigh attica")
    r"(?:sigh|sci|sy|psy|cy) at+ic+a",
    r"(?:shoot\w*|radiat\w*|travel\w*|runs?|running|goes|going|went|spread\w*|electric(?: shock)?s?|zing\w*|shock\w*|burning|burns) (?:pain )?(?:all the way |right )?(?:down|into|through|along) (?:the (?:backs?|sides?|fronts?|outsides?|insides?) of )?(?:my |both |the |each |either )?(?:left |right )?"
    + LIMB,
    r"(?:pain|ache|aching|shooting|burning) (?:\w+ ){0,3}(?:down|into) (?:the (?:backs?|sides?|fronts?|outsides?|insides?) of )?(?:my |both |the |each |either )?(?:left |right )?"
    + LIMB,
    r"(?:pain|ache|aching|shooting|burning|electric\w*) (?:\w+ ){0,6}?(?:down|into|through) (?:into |to |through |by |along |until |till |on |onto |over )?(?:the (?:backs?|sides?|fronts?|outsides?|insides?) of )?(?:my |both |the |each |either |his |her )?(?:left |right )?"
    + LIMB,
    r"(?:shoot\w*|radiat\w*|travel\w*|runs?|running|goes|going|went|spread\w*) from (?:my |the |his |her )?(?:left |right )?(?:[\w-]+ ){1,2}(?:right |all the way |straight )?(?:down|into|to) (?:to |into )?(?:my |the |his |her )?(?:left |right )?"
    + LIMB,
    r"electric shocks?",
    r"(?:down|into) (?:the (?:backs?|sides?|fronts?|outsides?|insides?) of )?(?:(?:my|both|the|each|either|his|her|their|of) ){0,3}(?:left |right )?"
    + LIMB
    + r" (?:[\w']+ ){0,4}?(?:shooting|burning|burny|electric\w*|zing\w*|zapping)",
    r"from (?:my |the |his |her )?(?:neck|back|lower back|low back|spine|shoulder|bum|buttocks?|hip) (?:all the way |right )?down (?:to|into|through) (?:my |the |his |her )?(?:left |right )?"
    + LIMB,
    r"shooting pains?",
    r"trapped nerve",
    r"current (?:is |was )?(?:going|goes|went|passing|passes|running|runs) (?:in|into|down|to|through) (?:my |his |her |the )?(?:left |right )?"
    + LIMB,
    r"(?:pain|ache|aching|shooting|burning) (?:go|goes|going|went|run|runs|running) down (?:in|into|to) (?:both|each|the two)\b",
    r"(?:hurt\w*|pain\w*|ach\w*|sore),? (?:right |all the way )down (?:to|into|through) (?:my |his |her |the |both |their )?(?:left |right )?"
    + LIMB,
    r"pinched nerve",
    r"(?:runs?|running|goes|going|went|shoot\w*|radiat\w*|spread\w*|travel\w*|burning|burns) (?:[\w']+ ){0,2}(?:down|into) (?:[\w']+ ){0,8}?(?:thigh|leg|calf|foot|heel|toes?)",
)
# "the pain shoots down the back of it": down a limb named earlier (checked by the reader).
term(
    "_radiate_it",
    True,
    r"(?:pain|ache|aching|burning|shooting|it) (?:\w+ )?(?:shoot\w*|radiat\w*|travel\w*|runs?|running|goes|going|went|spread\w*) (?:all the way |right )?(?:down|along) (?:the (?:backs?|sides?|fronts?|outsides?|insides?) of )?(?:it|them)(?! (?:back|up|off)\b)",
)
term(
    "_sensory",
    True,
    r"numb|numbness|numbed|numbish|tingle|tingles|tingling|tingly|tingled",
    r"pins (?:and|&|n|an|'n'|'n) (?:needles|needle|noodles)|pins-and-needles",
    r"prickl\w*",
    r"(?:feeling|feel|feels|are|is) sleeping",
    r"fizz\w*|buzz\w*",
    r"paraesthesi\w*|paresthesi\w*",
    r"(?:can'?t|cannot|can not|couldn'?t|could not|can hardly|can barely)(?: really| properly| quite| fully)? feel(?! (?:anything|a thing)\b)",
    r"no (?:feeling|sensation)",
    r"lost (?:all |the |some )?(?:feeling|sensation)",
    r"loss of (?:feeling|sensation)",
    r"(?:reduced|altered|less|strange|funny|weird|odd) (?:feeling|sensation)",
    r"dead (?:leg|legs|foot|feet|feeling|arm)",
    r"crawling",
    r"(?:is|are|feels?|felt) like (?:it'?s |they'?re |it is |they are )?(?:not (?:my|mine|hers|his|her|part of me)|someone else'?s|somebody else'?s|dead meat|wood|rubber)",
    r"like ants (?:walking|crawling|marching)",
    r"(?:like|as if|as though) (?:i'?m |it'?s |its |they'?re |i am |it is |he'?s |she'?s )?wearing (?:a |an )?(?:\w+ ){0,3}(?:socks?|gloves?|stockings?)",
    r"tinkl(?:e|es|ing|y)(?= (?:in|down|into|through|feeling|sensation|all))",
    absorbs=True,
)
term(
    "_sensory",
    True,
    r"(?:gone|goes|going|went|fallen|falls|fell) (?:to )?sleep|asleep",
    r"(?:is|are|feels?|felt|was|were) (?:like |as if |as though |kind of |a bit )?(?:sleeping|sleepy)",
    needs_locus=True,
)
# "I can't feel anything" may mean no pain; it is numbness only where a body site is named.
term(
    "_sensory",
    True,
    r"(?:can'?t|cannot|can not|couldn'?t|could not)(?: really| properly)? feel (?:anything|a thing)",
    r"(?:gone|goes|going|went|feels?|is|are) (?:all |completely |totally )?dead",
    needs_locus=True,
    absorbs=True,
)
term("_weak", True, r"weak|weakness|weaker|weakened|feeble")
# "week" typed for "weak" (a real word, so spelling does not catch it): a guess, asked back.
term(
    "_weak",
    True,
    r"(?:feels?|felt|feeling|are|is|gone|going|getting|got|so|really|very|bit|little) week(?!s| ago| or|end|ly| away| off| before| after| later)",
    uncertain=True,
)
term(
    "limb_weakness",
    True,
    r"(?:can'?t|cannot|can not|couldn'?t|unable to|struggl\w* to|hard to) (?:lift|raise|move|bend|point|flex|straighten|push off|grip) (?:my |the |his |her |their )?(?:left |right )?(?:foot|toes|leg|ankle|arm|hand|knee)",
    r"(?:can'?t|cannot|can not|couldn'?t|could not|unable to|struggl\w* to) (?:stand|walk|go|get up) on (?:my )?(?:toes|heels|tiptoes?|tip-toes?|tip toes?)",
    r"legs? (?:(?:have|has|had|are|is|were|was|feel|feels|felt|keep|keeps) )?(?:like|feel like|feels like|turned to|turned|are|is|went|gone|going|going all|gone all|feel all|go|goes) (?:all |really |so |a bit |quite |very |kind of |sort of )?(?:jelly|rubber|rubbery|wobbly|spaghetti|floppy|useless)",
    r"(?:legs?|knees?|thighs?|calf|calves) (?:[\w']+ ){0,4}?(?:like|to|into|of) (?:jelly|rubber|spaghetti|cotton wool|noodles)",
    r"(?:can'?t|cannot|can not|couldn'?t|could not|unable to|struggl\w* to|hard to|can barely|can hardly) (?:lift|raise|pick up|pull up|bring up|hold up) (?:(?:the )?(?:front|toes|ball) of (?:it|my foot|the foot|my feet|his foot|her foot)|my toes|the toes)",
    r"jelly legs|jelly-legs|wobbly legs",
    r"(?:legs?|knees?) (?:are |is |keep |keeps |kept |just )?(?:going|gone|go|goes|giving out|giving up|packing up|packed up)(?= *(?:$|[,.;!?]|on (?:me|him|her)\b|and\b|from\b|under\b))",
    r"(?:no|lost|losing|loss of) (?:strength|power) in (?:my )?(?:left |right )?\w+",
    r"dropping things",
    r"(?:keep|keeps|kept|keeping) (?:nearly |almost )?dropping (?:my |the |his |her )?(?:\w+)",
    r"(?:can'?t|cannot|couldn'?t|unable to|struggl\w* to|hard to) (?:hold|grip|grasp) (?:onto |on to )?(?:my |a |the |his |her )?(?:\w+ ){0,2}(?:cup|mug|pen|fork|kettle|glass|phone|things|anything)",
    r"(?:grip|grip strength) (?:is |has gone |feels )?(?:weak|weaker|gone)",
    r"grip'?s? (?:has |is )?(?:gone|going|weak|weaker|no good)",
    r"dropped (?:the |my |his |her |a )?(?:\w+ )?(?:twice|again|three times|several times|a few times)",
    r"(?:legs?|arms?|hands?|foot|feet)(?:'s|'re)? (?:(?:feels?|felt|is|are|has|have|was|were) )?(?:gone |going |went |feeling |become |turned )?(?:all |really |so |very |a bit )?(?:(?:dead|numb|weak|floppy|limp) (?:and|&) )?(?:heavy|like lead|floppy|limp|useless)",
    absorbs=True,
)
# Foot drop and weakness that is growing are weakness of a limb too.
term(
    "progressive_weakness",
    True,
    r"foot drop|drop foot|dropped foot|foot (?:flops|flopping|is floppy|goes floppy|slaps)|foot (?:\w+ ){0,3}slap\w*|slapping (?:my )?foot|foot slap|slapping",
    r"(?:got|getting|gotten|grown|growing|become|becoming|gone|going) weaker (?:\w+ ){0,2}(?:week by week|day by day|by the (?:day|week|hour)|every (?:day|week|hour)|each (?:day|week)|and weaker|over the (?:days|weeks))",
    r"weaker (?:week by week|day by day|by the (?:day|week|hour))",
    r"(?:tripping|stumbling|falling)(?: over| up)?(?: \w+){0,2} more (?:each|every|by the) (?:day|week)",
    r"(?:legs?|feet) (?:[\w']+ ){0,2}(?:no longer|don'?t|won'?t|do not|will not) (?:obey|listen|do what i (?:tell|want))",
    r"(?:drag\w*|scuff\w*) (?:my |his |her |their |one |the )?(?:left |right )?(?:foot|leg|feet|toes)",
    r"drag\w* (?:it|them) (?:when|while|as) (?:i |he |she |they )?walk\w*",
    r"(?:foot|feet) (?:is |are |keeps? |has started )?(?:hanging|falling|dropping|drooping|droops|flopping)(?! (?:to )?sleep| asleep| off)",
    r"(?:toes?|foot) (?:\w+ ){0,2}(?:hit|hits|hitting|scrape\w*|scuff\w*) (?:on )?the (?:floor|ground)",
    r"(?:foot|leg|toes) (?:is |are |keeps? )?(?:dragging|catching|catch|catches)",
    r"(?:foot|leg|toes) (?:has |have )?(?:started|begun|began|starting|beginning) (?:to (?:drag|catch|slap|flop|scuff)|dragging|catching|slapping|flopping|scuffing)",
    r"(?:it|foot|feet) (?:slaps?|slapping|slapped) (?:on|onto|against) (?:the )?(?:floor|ground)",
    r"(?:tripping|stumbling) (?:up |over )?(?:a bit |a lot |a little |much |far )?more(?! than)",
    r"trip(?:ping)? over (?:my )?(?:own )?(?:foot|feet|toes)",
    r"(?:trip|tripped|tripping|trips|stumbled|stumbling|fell|fall|falling) (?:\w+ ){0,6}?(?:because|as|cos|since) (?:of )?(?:my|the) (?:left |right )?(?:foot|feet|leg|legs|toes|knee|knees)",
    r"(?:getting|grown|growing|becoming) weaker",
    r"weaker and weaker",
    r"weaker (?:every|each) day",
    r"weakness (?:is )?(?:getting worse|worsening|spreading|progressing)",
    r"worsening weakness",
    absorbs=True,
    also=("limb_weakness",),
)
term(
    "progressive_weakness",
    True,
    r"(?:can'?t|cannot|can not|couldn'?t|unable to|can barely|can hardly|struggl\w* to|hard to) walk(?: properly| straight| normally| far)?",
    r"(?:trouble|difficulty|problems?|struggling) (?:with )?walking",
    r"stumbl\w*",
    r"struggl\w* (?:more and more |a lot |badly |more )?(?:to|with) (?:walk|walking|stand|standing|get about|get around)",
    absorbs=True,
)
term(
    "progressive_weakness",
    True,
    r"(?:unsteady|wobbly|shaky) on (?:my|his|her|their) (?:feet|legs)",
    r"off balance when (?:i|he|she) walks?",
    r"shuffl\w*",
    r"(?:hold|holds|holding|held|grab|grabs|grabbing|clutch\w*) (?:on )?(?:on ?to |onto )?(?:the )?(?:furniture|walls?|rails?|bannisters?|banisters?) to (?:walk|get about|get around|move|stand|stay up)",
    r"(?:keeps?|keeping|kept|always) (?:on )?(?:nearly |almost )?(?:tripping|stumbling|falling|fall|trip|stumble)(?: (?:up|over|down))?",
    r"(?:nearly|almost) (?:fell|fall|falling|fallen)(?: over)? (?:several|a few|a couple of|a number of|lots of|loads of|many|two|three|\w+ or \w+) times",
    uncertain=True,
)
term(
    "_give_way",
    True,
    r"gives? way|gave way|giving way|give out|gives out|gave out|giving out",
    r"(?:can'?t|cannot|couldn'?t|could not) hold (?:my|me|his|her|their|the) head up",
    r"(?:like )?it (?:go|goes|went) out(?= *(?:[,.;]|like\b|and\b|from\b))",
    r"buckl\w*",
    r"(?:go|goes|went|going) like (?:it )?(?:fold|folds|folded|collapse|collapsed|give way|gave way)",
    r"unstable|instability|unsteady back|wobbly back",
    r"feels? loose",
    r"slips? out(?: of place)?",
    r"(?:goes|went|gone|going) out(?! of| for| to| with| and| in)",
    r"something (?:slipped|shifted|moved out|gave|give|go|went)(?! (?:pop|crack|click|snap|clunk|bang|ping|twang))",
    r"collaps\w*(?! on the floor without)",
    r"(?:back|back'?s|spine) (?:has |had |just |keeps )?(?:gone|went|goes|go|going|gave|given) (?:out )?(?:from )?under(?:neath)? (?:me|her|him|them)",
)
term(
    "_neuro",
    True,
    r"leg symptoms|nerve symptoms|neuro(?:logical)? symptoms|symptoms (?:in|down) (?:my |the |either |both )?legs?",
    r"(?:problems|issues|trouble) (?:with|in) my legs",
    r"anything (?:in|down) my legs?",
)
term(
    "_neuro",
    False,
    r"(?:my )?(?:legs?|feet|arms?|hands) (?:are|is|feel|feels|seem|seems) (?:totally |completely |perfectly |absolutely )?(?:fine|ok|okay|normal|alright|all right|good|unaffected)",
    r"nothing (?:going |shooting |running |travelling |traveling )?(?:in|down|into) (?:my |the |either |both |his |her )?(?:legs?|arms?)",
    fixed=True,
)
term(
    "bilateral_symptoms",
    False,
    r"only (?:in )?(?:my |the )?(?:left|right|one) (?:leg|foot|arm|hand|side)",
    r"just (?:in )?(?:my |the )?(?:left|right|one) (?:leg|foot|arm|hand|side)",
    r"(?:the )?other (?:leg|foot|arm|side) is (?:fine|ok|okay|normal)",
    r"one[- ]sided",
    fixed=True,
)
term(
    "saddle_numbness",
    True,
    r"saddle (?:numbness|anaesthesia|anesthesia)",
    r"numb bum",
    r"(?:bottom|bum|backside|buttocks?|between (?:my |his |her |their )?legs|down there|down below|groin|privates)(?: and [\w ]{0,30}?)? (?:feels?|felt|is|are|went|gone) (?:\w+ ){0,2}like (?:after |at )?(?:the |a )?(?:dentist|anaesthetic|anesthetic|novocaine|local anaesthetic)(?: numbs? (?:your|the|my) (?:lip|mouth|face|gums?)| numbed (?:your|the|my) (?:lip|mouth|face|gums?))?",
    r"can'?t feel (?:the )?toilet paper",
    r"(?:can'?t|cannot|couldn'?t) feel (?:myself )?(?:when|while) (?:i )?wip\w*",
    r"(?:can'?t|cannot|can not|couldn'?t|could not|can hardly|can barely)(?: really| properly| quite| fully)? feel (?:anything |much |a thing |it |myself |the paper )?(?:\w+ )?(?:when|while|as|after) (?:i|he|she|they) (?:wipe|wipes|wiped|wiping)",
    r"(?:numb|numbness|no feeling|no sensation|tingl\w*)(?: \w+){0,3} (?:when|while|as) (?:i|he|she|they) (?:wipe|wipes|wiped|wiping)",
    r"(?:numb|numbness|no feeling|no sensation|tingl\w*|dead)(?: \w+){0,3} (?:when|while|as|whenever) (?:i|he|she|they) (?:sit|sits|sat|am sitting|is sitting|are sitting) (?:down )?on (?:the )?(?:toilet|loo)",
    r"(?:can'?t|cannot|can not|couldn'?t|could not|can hardly|can barely)(?: really| properly| quite| fully)? feel (?:the |my |his |her )?(?:toilet |loo )?seat",
    r"(?:wipe|wipes|wiped|wiping)(?: [\w']+){0,5} (?:can'?t|cannot|couldn'?t|can barely|can hardly|don'?t|doesn'?t|do not|does not|not) (?:really |properly |even |quite )?feel",
    r"(?:use|using|uses|used) (?:the )?(?:toilet |loo )?(?:paper|tissue)(?: [\w']+){0,4} (?:can'?t|cannot|can not|couldn'?t|doesn'?t|does not|don'?t|do not|not) (?:really |properly |even )?feel",
    r"(?:toilet|loo|wipe|wipes|wiping|paper)\b[^.!?]{0,60}\b(?:that|the|this) area (?:is|feels|felt|was) (?:\w+ )?(?:sleeping|asleep|numb|dead)",
    r"(?:dead|numb|no feeling|funny|strange|weird)(?: [\w']+){0,2} (?:down there|down below|in (?:my|his|her) (?:bum|bottom|privates|bits|crotch|groin|nether regions))",
    r"wip(?:e|es|ed|ing)(?: [\w']+){0,6} (?:someone|somebody) else'?s",
    r"(?:bottom|bum|backside|buttocks?|groin|privates|private parts|bits|nether regions|crotch|genitals?|down below|down there|between (?:my|her|his) legs) (?:[\w']+ ){0,3}(?:feels?|felt|is|are|gone|going|went|has gone) (?:[\w']+ ){0,2}(?:dead|numb|funny|strange|weird|like wood|like rubber|asleep)",
    r"(?:don'?t|do not|doesn'?t|does not|didn'?t|did not|can'?t|cannot|can not|couldn'?t|could not|not|no longer|can hardly|can barely)(?: really| properly| even| quite| fully)? feel (?:the |any |my |her |his )?(?:toilet |loo )?(?:paper|tissue|loo roll|wipe|seat)",
    absorbs=True,
)
term(
    "bladder_bowel_change",
    True,
    r"(?:trouble|difficulty|difficult|problems?|struggl\w*|hard|can'?t|cannot|can not|couldn'?t|could not|unable|not able|straining|haven'?t been able|have not been able|hasn'?t been able) (?:to |with |when |in )?(?:\w+ ){0,3}(?:a )?(?:pee|peeing|wee|weeing|urinat\w*|pass(?:ing)? (?:urine|water|stool)|empty(?:ing)? my bladder|poo|pooing|go to the toilet|start (?:peeing|weeing))",
    r"(?:can'?t|cannot|couldn'?t|can not|unable to|struggl\w* to) (?:hold|control) (?:it|my (?:wee|pee|urine|bladder|bowels?|poo|water))",
    r"(?:can'?t|cannot|couldn'?t|can not|unable to|struggl\w* to) (?:control|hold) (?:the |my |his |her |their )?(?:wee|pee|urine|bladder|bowels?|poo|water|toilet|stool)",
    r"(?:can'?t|cannot|couldn'?t|can not|unable to) control when (?:i|he|she|they) (?:need|needs|have|has) to (?:poop|poo|pee|wee|go)",
    r"(?:comes?|coming|came) (?:out )?without (?:me|her|him|my|his|their) (?:knowing|noticing|realising|realizing|feeling)",
    r"dirt(?:y|ied) (?:my|his|her|their) (?:pants|trousers|underwear|bed|knickers)",
    r"(?:urine|pee|wee|poo) (?:comes?|came|coming) out (?:alone|by itself|on its own|without (?:me|my|him|her))",
    r"(?:wet|wets|wetting|wee(?:'?d)?|peed|pees|peeing|weeing|pooed|pooped|poos|soiled|soils|soiling) (?:myself|himself|herself|themselves|(?:my|his|her|their|the) (?:pants|trousers|bed|knickers|nappy))",
    r"(?:pee|peeing|wee|weeing|urinating|urine|passing water|going to the toilet|bladder|stream)\b[^.!?]{0,25}\b(?:feels?|felt|is|was|seems?|has been) (?:\w+ )?(?:weird|strange|different|funny|odd|off|wrong|slow|weak)",
    r"(?:pee|peeing|wee|weeing|urinat\w*|toilet|bladder)\b[^.!?]{0,40}\b(?:have|had|having|need|needing) to (?:push|strain)",
    r"(?:have|had|having|need|needing) to (?:push|strain) (?:to (?:pee|wee|go|urinate|empty)|when i (?:pee|wee|go))",
    r"(?:can'?t|cannot|couldn'?t|unable to|not able to|haven'?t been able to|hasn'?t been able to|have not been able to|struggl\w* to|trouble|difficulty|problems?) (?:\w+ ){0,2}?(?:get|getting|keep|keeping|maintain\w*|have|having) (?:an? )?(?:erection|hard[- ]?on)",
    r"(?:no|lost|losing|loss of) (?:my )?(?:erections?|ability to get an erection)",
    r"leak\w* (?:urine|pee|wee|poo)",
    r"incontinen\w*",
    r"(?:lost|losing|loss of|no) control (?:of|over) (?:my )?(?:bladder|bowels?|pee|wee|urine)",
    r"(?:don'?t|can'?t|didn'?t|couldn'?t) (?:know|feel|tell) (?:when|if) i (?:need to|have to|want to)? ?(?:pee|wee|go|urinate)",
    r"(?:can'?t|cannot|couldn'?t) feel (?:myself )?(?:pee|wee|peeing|weeing|when i pee|when i wee)",
    r"(?:bladder|bowel|bowels|waterworks|toilet)(?: habits)? (?:problems?|issues?|trouble|changes?|control|accidents?)",
    r"urinary (?:retention|problems?|incontinence)",
    r"retention",
    r"erectile|can'?t get an erection|impoten\w*|sexual (?:problems?|dysfunction)",
    r"(?:not|isn'?t|aren'?t|stopped|no longer) (?:\w+ )?(?:working|performing|functioning) (?:properly |right )?in the bedroom|(?:problems?|trouble|issues?) (?:\w+ )?in the bedroom",
    r"(?:in bed|bedroom|sex|sexually)\b[^.!?]{0,30}\b(?:not|isn'?t|doesn'?t|don'?t|no longer) (?:\w+ )?work(?:ing|s)?\b",
    r"numb (?:during|when having|having) sex",
    r"(?:hardly|barely|nothing|not much|very little|only (?:a )?(?:trickle|dribble|drop|few drops)|little or nothing)(?: \w+){0,2} (?:comes?|came|coming) out",
    r"(?:tried|trying|try|tries) to (?:wee|pee|urinate|go|pass water)\b[^.!?]{0,40}?\b(?:nothing|not a drop|none) (?:would |will |wants to |wanted to )?(?:come|came|comes)",
    r"(?:can'?t|cannot|can not|couldn'?t|could not|unable to|not able to) (?:make|do|pass|produce) (?:the |any |my )?(?:urine|pee|wee|water|poo)",
    r"(?:urine|pee|wee) (?:does not|doesn'?t|did not|didn'?t|won'?t|will not) come(?: out)?",
    # ("big convenience", "small convenience": a bowel movement, urine, as said in Chinese)
    r"(?:big|small) convenience (?:\w+ )?(?:cannot|can'?t|not|no) (?:control|hold)|(?:cannot|can'?t) control,? (?:it )?(?:comes?|coming|came) out by itself",
    r"(?:can'?t|cannot|couldn'?t|could not|unable to|not able to) get (?:my |his |her |their |the )?(?:water|wee|pee|urine|stream) (?:to come|to start|going|started|out|flowing)",
    r"(?:go|goes|went|going|sit|sits|sat|sitting) (?:to |on )?(?:the )?(?:toilet|loo|bathroom|lavatory)\b[^.!?]{0,30}?\b(?:nothing|not a drop|not one drop) (?:is |was |will |would )?(?:coming|comes|came|come)",
    r"(?:can'?t|cannot|can not|couldn'?t|could not|don'?t|doesn'?t|didn'?t) (?:\w+ )?feel (?:anything )?(?:when|while|if) (?:i|he|she|they) (?:go|goes|went|am going|is going|sit|sits) (?:to |on )?(?:the )?(?:toilet|loo|bathroom)",
    r"(?:don'?t|doesn'?t|didn'?t|do not|does not|did not|not|no longer|can'?t|cannot|can not|never) (?:[\w']+ ){0,2}(?:get|feel|know|notice|sense|have)(?: \w+){0,3} (?:need|needing|urge|feeling) (?:of needing )?to (?:go|pee|wee|urinate|empty)",
    r"(?:don'?t|doesn'?t|didn'?t|do not|does not|not|no longer|can'?t|cannot|can not|never) (?:[\w']+ ){0,2}(?:tell|know|feel|notice|sense) (?:when|if) (?:i|he|she|they) (?:need|needs|have|has|want|wants) (?:to (?:go|pee|wee|poo)|a (?:wee|pee|poo|number (?:one|two)))",
    r"(?:(?:not|don'?t|doesn'?t|do not|does not|can'?t|cannot|no longer|never) (?:[\w']+ ){0,2})?(?:know|feel|tell|sense|notice) (?:[\w']+ ){0,3}(?:when|if) (?:my |the |her |his |their )?(?:bladder|bowels?) (?:is|are|was|were) full",
    r"(?:messed|soiled|dirtied|pooed|pooped|wet|wets|wetted) (?:myself|himself|herself|themselves|the bed|(?:my|his|her|their) (?:pants|trousers|knickers|underwear|bed|pad))",
    r"(?:<NUM>|a few|several|some|two|couple of)(?:,? (?:um|er|erm|uh),?)? (?:little )?accidents?",
    r"(?:not|didn'?t|did not|couldn'?t|could not|never|don'?t|doesn'?t|can'?t|wasn'?t|isn'?t) (?:always )?(?:make|making|made|get|getting|got) (?:it )?to the (?:loo|toilet|bathroom|lavatory|lav) in time",
    r"(?:can'?t|cannot|couldn'?t|haven'?t been able to|hasn'?t been able to|unable to|not able to|struggl\w* to|not been able to) (?:go for |do |have |pass )?(?:a )?(?:number twos?|poo|bowel movement)",
    r"(?:can'?t|cannot|couldn'?t|struggl\w* to|hard to|trouble|difficulty) (?:getting |to get |get )?(?:the |my |a )?(?:stream|flow|wee|pee) (?:going|started|to start|flowing)",
    r"(?:has|have|had|having|need|needs|needing) to (?:really |properly |hard )?(?:push|strain) (?:to (?:get (?:a |the |any )?)?(?:pee|wee|urine|it|anything)(?: out)?|to go|to empty|to pu|to pass urine|when (?:i|he|she) (?:pee|wee|go))",
    r"(?:can'?t|cannot|couldn'?t|unable to|struggl\w* to) get it up",
    r"(?:old fella|old boy|little fella|little man|todger|john thomas|pecker|willy|manhood|the lad|little soldier) (?:\w+ ){0,3}(?:won'?t|will not|doesn'?t|does not|can'?t|isn'?t|is not|hasn'?t) (?:\w+ ){0,2}(?:stand|rise|get up|wake up|work|perform|salute)",
    r"(?:nothing|things?|it|everything|anything|stuff) (?:[\w']+ ){0,3}(?:work\w*|function\w*|happening|right) (?:[\w']+ ){0,2}(?:downstairs|down there|in the bedroom(?: department)?|in bed|below the belt)",
    r"(?:problems?|trouble|issues?|difficult\w*) (?:[\w']+ ){0,2}(?:downstairs|in the bedroom(?: department)?|below the belt|with sex|having sex)",
    absorbs=True,
)
term(
    "bladder_bowel_change",
    True,
    r"(?:bladder|bowels?)(?! (?:cancer|ca|tumou?rs?|screening|polyps?|resection|surgery)\b)|waterworks",
    r"bowl (?:movements?|motions?|control|habits?|problems?|issues?|accidents?|changes?)",
    r"(?:poo|poop|pee|wee|bowel|bladder|toilet|potty) accidents?",
    r"(?:not|hasn'?t|hasnt|haven'?t|havent|has not|have not|hadn'?t|had not|didn'?t|did not) (?:passed|passing|pass) (?:any )?(?:water|urine)|(?:not|hasn'?t|haven'?t|has not|have not) (?:peed|weed|urinated) (?:since|for|all)",
    r"(?:haven'?t|hasn'?t|have not|has not|hadn'?t|had not|didn'?t|did not|couldn'?t|could not|can'?t|cannot) (?:been able|managed|got|gotten) (?:to )?(?:pee|wee|urinate|pass (?:urine|water)|go|empty (?:my|his|her) bladder|poo)",
    r"(?:an |a little |a bit of an |a slight |an embarrassing )?accident (?:in|on) (?:(?:my|his|her|their|the) )?(?:pants|trousers|knickers|underwear|bed|self|chair)",
    r"(?:didn'?t|did not|don'?t|doesn'?t|does not|do not|couldn'?t|could not|can'?t|cannot) (?:even )?(?:feel|notice|sense|tell) (?:it|that|when it was|when it'?s) (?:coming|was coming|happening|happen)",
    r"(?:can'?t|cannot|couldn'?t|could not|unable to|not able to)(?:,? (?:you know|erm|um|er|uh|ahem|like|well)\b,?)*(?:\.{2,}|…)? ?(?:get it up|get (?:an |any )?erections?|keep it up|get hard|perform)",
    r"(?:equipment|man parts?|manhood|tackle|willy|privates|private parts|penis|member|erections?|down there|down below|downstairs) (?:[\w']+ ){0,3}(?:doesn'?t|does not|don'?t|do not|isn'?t|is not|are not|aren'?t|not|won'?t|will not|stopped|has stopped|no longer|hasn'?t been|has not been) (?:\w+ )?(?:work|works|working|function\w*|respond\w*|perform\w*|get hard|stand up)",
    r"(?:poo|poos|pooed|pooped|poop|poops|wee|weed|wee'?d|pee|peed|pees|wet|wets|soiled|soils|mess|messed|dirtied) (?:in |on )?(?:my|his|her|their|the) (?:self|pants|trousers|knickers|underwear|bed|nappy|pad)",
    r"(?:didn'?t|did not|don'?t|doesn'?t|does not|do not|is not|isn'?t|not|can'?t|cannot|couldn'?t|could not) (?:even )?(?:realis\w*|realiz\w*|know|notice|feel|sense|tell)(?: properly| really| for sure| exactly)?(?: that| when| if)? (?:i|he|she|they|it) (?:needed|need|needs|was going|is going|had|has|was coming|is coming)(?: to (?:go|come|pee|wee|poo|make pee|make wee|make poo))?",
    r"(?:had|having|have|has|been having) (?:an |a |a few |some |little |several |a couple of )?'?(?:little |small |slight )?accidents?'?",
    r"leak(?:ing|s|ed)? (?:without|with no) (?:any )?warning",
    r"constipat\w*(?! (?:of |in )?(?:the |my |his |her )?nose)",
    r"dribbl\w*",
    uncertain=True,
    absorbs=True,
)
term(
    "bladder_bowel_change",
    False,
    r"(?:bladder|bowels?|waterworks|peeing|weeing|toilet)(?: and (?:bowels?|bladder))?(?:'s|'re)? (?:are|is|have been|has been|seem|feel)? ?(?:fine|normal|ok|okay|unchanged|as usual|as normal|working fine|working normally|no different|the same as ever)",
    r"peeing (?:fine|normally)|weeing (?:fine|normally)",
    fixed=True,
)

# --- red flags: head and neck --------------------------------------------------------------------
term(
    "neurovascular_signs",
    True,
    r"dizzy|dizziness|vertigo|woozy",
    r"(?:room|world|everything|my head|the ceiling|the walls) (?:is |was |kept |keeps |has been |have been |had been |started |starts |went |goes |going |seems )?(?:kind of |sort of |kinda |a bit |like )?(?:spinning|spin|spins|spun|turning|whirling|going round|going around|moving|swimming|tilting)",
    r"spinning sensation",
    r"swallow\w* (?:\w+ ){0,3}(?:odd|weird|strange|funny|hard|difficult|off|wrong|tricky)",
    r"(?:food|drink|water|tablets?|pills?) (?:\w+ ){0,2}(?:sticks?|stuck|sticking|catch\w*|goes down the wrong way|went down the wrong way)",
    r"(?:choking|choke|chokes|choked|coughing|cough) (?:on|when|while|whenever|every time) (?:i |he |she |they )?(?:drink|eat|swallow)\w*",
    r"(?:legs?|knees?) (?:[\w']+ ){0,3}(?:went|gone|go|goes|dropped|drop|gave|give|gives|collapsed|buckled|folded)(?: out| way)? (?:from )?under(?:neath)? (?:me|her|him|them)",
    r"(?:suddenly|out of nowhere) (?:[\w']+ ){0,2}(?:on the floor|hit the (?:floor|ground|deck)|ended up on the floor|found myself on the floor)",
    r"(?:suddenly|keep|keeps|kept|just) (?:[\w']+ ){0,2}(?:dropping|drop|drops|dropped|collapsing|collapse|collapsed|falling|fall|fell|going down|went down|crumpl\w*) (?:to|on|onto) the (?:floor|ground)",
    r"(?:face|cheek|lip|lips|jaw|tongue|side of (?:my|her|his|their|the) face) (?:[\w']+ ){0,3}(?:went|gone|goes|feels?|felt|is|was|has gone) (?:all |a bit |really |kind of |kinda |sort of |very )?(?:funny|strange|weird|numb|dead|odd|droopy|fuzzy|frozen|like after the dentist)",
    r"words (?:\w+ ){0,2}(?:coming out|came out|come out) (?:all |a bit |kind of |kinda )?(?:wrong|funny|jumbled|muddled|slurred|weird)",
    r"(?:can'?t|cannot|couldn'?t|can not) (?:talk|speak) (?:right|properly|straight|normally|clearly)",
    r"walk\w* (?:\w+ ){0,2}like (?:i'?m|i was|he'?s|she'?s|he was|she was|someone) (?:\w+ )?drunk",
    r"double vision|seeing double|see double|saw double|seeing two of everything",
    r"(?:see|sees|seeing|saw) (?:two|2) of (?:my |the |his |her |everything|things|everyone)|head (?:is |was |keeps |keep )?spinning|spinning head",
    r"(?:cannot|can'?t|couldn'?t|could not|not able to|unable to) (?:say|speak|get out|pronounce) (?:the |my |his |her )?words",
    r"(?:see|sees|seeing|saw|seen|look|looks|looking|looked|is|are|went|goes) (?:\w+ )?(?:everything|things|it all|all|everything is) (?:\w+ )?(?:double|two times|twice over|in two)",
    r"(?:fall|falls|fell|falling|drop|drops|dropped|dropping|collaps\w*|go|goes|went|going) (?:down |over )?(?:suddenly |all of a sudden )?(?:without|with no) (?:any )?warning",
    r"slurr\w*",
    r"(?:trouble|difficulty|problems?|hard|struggl\w*) (?:to |with )?(?:speaking|talking|speak|talk|getting (?:my )?words out|finding words)",
    r"speech (?:is |was |went |sounds? )?(?:slurred|strange|garbled|funny|weird|off)",
    r"(?:trouble|difficulty|problems?|hard|struggl\w*|can'?t|cannot|couldn'?t|unable to) (?:to |with )?swallow\w*",
    r"drop attacks?",
    r"(?:legs?|knees?) (?:just )?(?:went|gave out|gave way|folded|buckled) (?:\w+ ){0,3}(?:and|then) (?:i|he|she|they) (?:just )?(?:dropped|fell|collapsed|went down|hit the (?:floor|ground|deck))",
    r"(?:dropped|dropping|collapsed|went down|fell) (?:straight |suddenly )?(?:to|on|onto) the (?:floor|ground|grass|deck|pavement)[.,;]? (?:but )?(?:i|he|she|they) (?:didn'?t|did not|never) (?:pass out|faint|black out|lose consciousness)",
    r"(?:just |suddenly )?(?:dropped|dropping|drop|drops|fell|falling|collapsed|went down|go down|goes down) (?:straight )?(?:to|on|onto) (?:my|his|her|their|the) knees",
    r"(?:face|mouth|one side of my face) (?:is |was |has |went |seems |looks |looked |looking )?droop\w*",
    r"facial droop\w*",
    r"(?:lost|losing) (?:my )?balance",
    r"nystagmus",
    absorbs=True,
)
term(
    "neurovascular_signs",
    True,
    r"light[- ]?headed(?:ness)?|blurr(?:y|ed) vision|fainted|fainting|passed out|blacked out|black(?:ed)? out",
    r"vision (?:[\w']+ ){0,3}(?:blurry|blurred|blurs|fuzzy|funny|strange|doubl\w*)",
    r"faint|nause\w*|vomit\w*|throwing up|threw up",
    uncertain=True,
)
term(
    "sudden_severe_headache",
    True,
    r"worst headache",
    r"(?:very bad|severe|terrible|worst|sudden|bad) pain (?:in|at) (?:my |the |his |her )?(?:neck and )?(?:the )?back of (?:my |the |his |her )?head",
    r"(?:never|not ever) (?:had|felt|known) (?:a |any )?(?:headache|head pain|pain in (?:my|her|his|their) head) like (?:it|this|that)",
    r"thunderclap(?: headache)?",
    r"sudden (?:severe |bad |terrible |intense |excruciating |violent )?headache",
    r"(?:severe|splitting|blinding|excruciating|terrible|awful|horrendous|crushing|explosive|exploding|violent|intense) headache",
    r"headache (?:came on|started) (?:suddenly|all of a sudden|out of nowhere)",
    r"sudden(?:ly)?,? (?:\w+ ){0,2}(?:severe|intense|excruciating|terrible|violent|horrendous|horrific|awful|agonising|agonizing|unbearable|crushing|splitting|blinding|tearing|ripping|worst) (?:\w+ ){0,2}(?:pain|ache|agony)(?: [\w']+){0,6} (?:neck|head)\b",
    r"sudden (?:and )?(?:severe|intense|excruciating|terrible|violent|horrendous|horrific|awful|agonising|agonizing|unbearable|crushing|splitting|blinding) (?:neck pain|pain in (?:my|the|his|her) (?:neck|head))",
    r"(?:my )?head (?:is |was |feels like it's )?(?:exploding|pounding)",
    r"(?:the )?worst (?:neck|head) ?(?:pain|ache)|worst (?:pain|ache) (?:\w+ ){0,3}(?:neck|head)\b",
    r"sudden(?:ly)?,? (?:(?:severe|intense|excruciating|terrible|violent|tearing|ripping|agonising|agonizing|unbearable|crushing|splitting|blinding),? (?:and )?){1,3}(?:neck|head) ?(?:pain|ache)",
    r"(?:neck|head) ?(?:pain|ache) (?:unlike|like) (?:anything|nothing) (?:i'?ve|i have|i'?d|i had|he'?s|she'?s|he has|she has) ever (?:had|felt|known)",
)
term("sudden_severe_headache", True, r"headaches?|head ?ache|migraine\w*", uncertain=True)
# A headache the person knows well, or one that came on slowly: not the sudden severe kind.
FAMILIAR_HEADACHE = (
    r"usual|the normal|normal one|tension|regular|same as always|as always|familiar|i always get|"
    r"i often get|i get (?:them|these|it) (?:a lot|often|all the time|after work|when)|nothing sudden|not sudden|"
    r"came on (?:slowly|gradually)|gradual|built up slowly|mild|slight"
)

# --- red flags: body ----------------------------------------------------------------------------
term(
    "fever",
    True,
    r"fever\w*|febrile|high temp(?:erature)?|running a temp(?:erature)?|temperature of [0-9]+",
    r"(?:a|got a|have a|had a|with a|my) temperature",
    r"chills|chilly and|shivers|shivery|shivering|rigou?rs",
    r"hot body|body (?:is |feels |feel )?(?:very |so )?hot|shaking (?:with )?cold",
    # a temperature said by its number ("I have feer 38,5")
    r"(?:3[89]|4[01])[.,][0-9](?: ?(?:°c?|degrees?|c\b))?(?! ?(?:kg|kgs|kilos?|lbs?|cm|mm|%|hours?|hrs?|mins?|minutes?|weeks?|years?|km|miles?|metres?|meters?)\b)",
    r"(?:have|has|got|had|with|running|bit of a) (?:a )?(?:temp|temperature)(?! (?:of|is|was) (?:normal|fine|ok))",
    r"(?:feel|feels|feeling|felt) (?:\w+ )?(?:hot and (?:cold|shaking|shivery|shivering|shaky)|feverish|shivery)",
    r"fever (?:of )?(?:3[89]|4[01])",
    r"(?:night )?sweats|sweating at night|sweaty at night",
    r"flu[- ]like",
    r"hot and cold",
    r"burning up",
    r"(?:feel|feels|feeling|felt) (?:really |very |generally |pretty |quite |so |a bit )?(?:unwell|ill|poorly|run[- ]down|grotty|rough)",
    r"(?:cold (?:then|and then|one minute|and|n) hot|hot (?:then|and then|one minute) cold)",
    r"(?:thermometer|temp|temperature) (?:\w+ ){0,2}(?:said|says|read|reads|showed|shows|was|is|of|at|hit|reached|went up to) (?:about |around |over |nearly )?(?:3[89](?:\.[0-9])?|4[01](?:\.[0-9])?|99\.[5-9]|10[0-5](?:\.[0-9])?)",
    r"(?:sweating|sweats) (?:buckets|like mad|like crazy|profusely|like a pig)",
    r"(?:temp|temperature|t)\s*(?:of|was|is|at|:|=)?\s*(?:3[89](?:\.[0-9])?|4[01](?:\.[0-9])?|99\.[5-9]|10[0-5](?:\.[0-9])?)(?: ?(?:c|f|degrees))?\b",
    r"(?:feels?|felt|is|was) (?:really |very |so )?(?:hot|burning|boiling) (?:to the touch|when (?:i|we) touch)|(?:forehead|skin) (?:is |feels |felt |was )?(?:really |very |so )?(?:hot|burning|boiling|on fire)",
    r"(?:hot|boiling|roasting) one minute (?:and )?(?:cold|freezing|shivering) the next|(?:cold|freezing) one minute (?:and )?(?:hot|boiling|roasting) the next",
    r"(?:got|have|had|has|having|with|like|caught|coming down with) (?:the |a )?(?:flu|fluey|bug|virus)\b",
    r"(?:shaking|shivering|trembling) (?:\w+ ){0,2}(?:under|in) (?:a |the |his |her |my |their )?(?:blankets?|duvet|covers|bed)",
    r"(?:sweating|sweaty|sweats|clammy)(?: \w+)? (?:and|&|n) (?:shaking|shivering|shaky|shivery)|(?:shaking|shivering) (?:and|&|n) (?:sweating|sweaty|clammy)",
    r"systemically unwell",
)
term(
    "cancer_history",
    True,
    r"cancer\w*",
    r"tumou?rs?",
    r"malignan\w*",
    r"leuk(?:a)?emia",
    r"lymphoma",
    r"myeloma",
    r"carcinoma",
    r"melanoma",
    r"sarcoma",
    r"\w+blastoma",
    r"chemical (?:treatment|therapy)|(?:the )?bad disease",
    r"(?:bowel|breast|prostate|lung|colon|colorectal|ovarian|cervical|skin|renal|kidney|bladder|thyroid|pancreatic|oesophageal|stomach|uterine|testicular) ca\b",
    r"metasta\w*",
    r"chemo\w*",
    r"radiotherapy|radiation therapy|radiation treatment",
    r"oncolog\w*",
    r"in remission",
    r"cancer[- ]free|free of cancer|clear of cancer",
    r"(?:hx|history|h/o) of (?:\w+ )?ca\b",
    absorbs=True,
)
term("cancer_history", True, r"mastectomy|lumpectomy|lump", uncertain=True)
term("cancer_history", True, r"the big c|(?:had|have|has) (?:my|her|his|their|a|one) (?:breast|boob)s? (?:off|removed)")
term(
    "unexplained_weight_loss",
    True,
    r"(?:lost|losing|lose|dropped|dropping|shed|shedding) (?:(?:about |around |roughly |nearly |almost |over |more than |at least |maybe |like )?(?:a lot of|lots of|some|so much|loads of|a bit of|(?:a|one|two|half a) stone|a few pounds|a few kilos|a few kg|[0-9.]+ ?(?:kg|kgs|kilos?|pounds?|lbs?|stone)(?: of)?) )?(?:weight|without trying|without even trying)",
    r"(?:lost|dropped) (?:a|one|two|three|half a) stone",
    r"without (?:even )?trying to lose (?:any ?thing|weight|it|any weight)",
    r"weight loss|weight has (?:dropped|fallen|gone down)|weight (?:is )?(?:dropping|falling)",
    r"(?:lost|lose|losing|loses|dropped|drop) (?:about |around |roughly |nearly |almost |over |more than |at least |maybe |like )?[0-9.]+ ?(?:kg|kgs|kilos?|pounds?|lbs?|stone)",
    r"clothes (?:are|feel|have got) (?:loose|baggy|looser)",
    r"(?:clothes|trousers|jeans|dresses|belt) (?:are |is |have |has |feel |\w+ ){0,3}(?:hanging off|falling off|too big|big now|loose|baggy|looser)",
    r"(?:gone|dropped|come|went) down (?:\w+ ){0,2}(?:dress|clothes|trouser|jeans|belt) sizes?",
    r"(?:dropped|lost) (?:a|one|two|three|\w+) (?:dress|clothes|clothing|trouser|jeans|belt) sizes?",
    r"(?:lost|dropped|shed) (?:about |around |roughly |nearly |near |almost |over |more than |at least |maybe |like |a good |close to )?(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|half a|[0-9.]+) ?(?:stone|kg|kgs|kilos?|pounds|lbs)",
    r"belt (?:is |'s |has )?(?:on|gone to|down to) (?:the|a) (?:last|next|tighter|new) (?:hole|notch)",
)
term(
    "night_pain",
    True,
    r"night pain|night-time pain|nighttime pain",
    r"at night\W+(?:[\w']+\W+){0,8}?(?:nothing (?:helps|eases it|works)|whatever position|no position (?:helps|eases)|can'?t get comfortable|doesn'?t care how (?:i|he|she) lie)",
    r"(?:pain|hurts?|hurting|aches?|aching|sore|throbs?) (?:\w+ ){0,3}(?:at night|in the night|overnight|all night|every night|at nighttime)",
    r"(?:wakes?|waking|woke|woken) me(?: up)?(?: at night| in the night)?",
    r"(?:woken|waking up|wake up) (?:by|from|with) (?:the )?pain",
    r"keeps? me (?:up|awake)(?: at night)?",
    r"(?:can'?t|cannot|couldn'?t) sleep (?:because of|for|due to|with) (?:the )?(?:pain|it)",
    r"(?:worse|worst) (?:at|in the) night",
    r"(?:doesn'?t|does not|no) matter (?:how|if|what|which way|whether) (?:i|he|she|they) (?:lie|lay|lies|sleep|sleeps|turn)",
    r"(?:doesn'?t|does not|won'?t|don'?t|never) (?:change|ease|shift|budge|improve|settle|let up|go away)\w*,? no matter (?:how|what|which way|what position|which position|where) (?:i|he|she|they) (?:lie|lies|lay|sleep|sleeps|turn|move)",
    r"(?:[0-9]{1,2} ?am|middle of the night|all night) (?:and )?(?:i'?m |im )?(?:wide )?awake",
    r"at night (?:it'?s|its|it is|it gets|the pain is|the ache is) (?:\w+ )?(?:constant|worse|awful|unbearable|terrible|bad)",
    r"(?:no|none of the|not any) position (?:helps|eases|is comfortable|makes)",
    r"(?:can'?t|cannot) get comfortable (?:in any position|at night|however i lie|lying down)",
    r"even (?:at rest|lying still|lying down|when i rest|when i lie still)",
    r"(?:doesn'?t|does not|won'?t) (?:ease|settle|go away|let up) (?:when|if|with) (?:i )?(?:rest|lie|lying|resting)",
    r"constant pain(?: day and night)?",
    r"day and night",
    r"(?:there|present|constant|persists?|continues?|stays?|lasts?) (?:\w+ ){0,2}?(?:all night(?: long)?|all through the night|through the night|the whole night)",
    r"no matter (?:how|what way|which way|what position|which position|where) (?:i|he|she|they) (?:lie|lies|lay|sleep|sleeps|am lying|is lying)",
    r"(?:whatever|whichever) (?:way|position|side) (?:i|he|she|they) (?:lie|lies|lay|sleep|sleeps)",
    r"(?:can'?t|cannot|can not|couldn'?t|unable to) find (?:a |any )?(?:comfortable |comfy )?position",
    r"(?:hurts?|aches?|pain|painful|sore) (?:\w+ ){0,3}all (?:the )?night",
    r"(?:constant|worst|worse|bad|unbearable|terrible) (?:at|in the|during the|through the) night",
    r"nothing (?:i do |i try |we do )?(?:eases|helps|relieves|settles|shifts) it",
    absorbs=True,
)
term(
    "immunosuppressed",
    True,
    r"immuno\w*",
    r"immune system (?:is )?(?:weak|suppressed|compromised|low)",
    r"(?:new|donor|donated|transplanted) (?:kidney|liver|heart|lungs?|pancreas|bone marrow)",
    r"anti[- ]?rejection",
    r"(?:not|stop|prevent\w*|so (?:it|they) (?:doesn'?t|don'?t)) (?:\w+ ){0,2}reject\w*",
    r"(?:weak|weakened|low|poor|suppressed) immune system",
    r"hiv|aids",
    r"transplant\w*",
    r"chemo\w*",
    r"biologics?|methotrexate|tacrolimus|ciclosporin|cyclosporine|azathioprine|mycophenolate|rituximab|adalimumab|humira|infliximab|etanercept|tofacitinib|sirolimus",
)
term(
    "iv_drug_use",
    True,
    r"inject(?:ed|ing|s)? (?:drugs|heroin|meth|cocaine|myself|speed)",
    r"(?:still|sometimes|occasionally|i|we|he|she|they) inject(?:s|ed|ing)?(?! (?:insulin|my insulin|b12|vitamin|methotrexate|humira|heparin|enoxaparin|clexane|ozempic|wegovy|mounjaro|testosterone|hormones?|fertility|epipen|adrenaline|semaglutide|medication|medicine|my medication)\b)",
    r"iv drugs?(?: use| user)?",
    r"ivdu|pwid|ivda",
    r"intravenous drugs?",
    r"heroin",
    r"(?:drugs?|heroin|meth|cocaine|crack|speed) (?:with|by|through) (?:a |the )?(?:needles?|syringes?)|(?:use|uses|using|used) (?:a |the )?(?:needles?|syringes?) (?:for|with) (?:drugs|heroin)",
    r"shoot(?:s|ing)? up",
    r"(?:share|sharing|shared) needles",
    r"drug users?",
    r"needle use",
    r"(?:use|using|user|uses),? (?:\w+ )?inject\w*",
    r"(?:used to|still) inject\w*",
    r"injecting(?! (?:insulin|my insulin|b12|vitamin|methotrexate|humira|heparin|enoxaparin|clexane|ozempic|wegovy|mounjaro|testosterone|hormones?|fertility|epipen|adrenaline|semaglutide|medication|medicine|my medication)\b)",
    r"found (?:the |his |her |their |some )?needles",
)
term(
    "osteoporosis",
    True,
    r"osteoporo\w*",
    r"(?:a )?steer(?:e)?(?: oh)? porosis|osteo porosis|ostio ?porosis",
    r"brittle bones",
    r"thin(?:ning)? bones",
    r"bone thinning",
    r"low bone (?:density|mass)",
    r"(?:weak|fragile) bones",
    r"bones? (?:are |is |have (?:gone|become|got) |got )?(?:\w+ )?(?:thin|thinning|weak|weakening|brittle|fragile|porous|like (?:a )?sponge)",
    r"bone (?:tablets?|pills?|medicine|medication|injections?|jabs?|strengthening \w+)",
    r"(?:tablets?|pills?|medicine|medication|injections?) (?:\w+ ){0,2}for (?:my |the |her |his |their )?bones",
    r"alendron\w*|bisphosphonate\w*|fosamax|risedronate|denosumab|prolia|zoledron\w*",
)
term("osteoporosis", True, r"osteopeni\w*", uncertain=True)
term(
    "_steroids",
    True,
    r"prednisolone|prednisone|dexamethasone|methylprednisolone|hydrocortisone|pred(?= [0-9]| for| since| tablets| daily| every)|(?:on|taking) (?:oral |my |daily )?pred\b",
    r"pred ?(?:ni|nis|niz)? ?(?:zone|sone|solone|so lone)",
    # a word autocorrect changed, put right after it ("been on pretend for my lungs *pred")
    r"\*\s?pred\b",
    r"(?:oral )?steroids?|corticosteroids?|cortisone",
)

# --- red flag: trouble with the back itself --------------------------------------------------
# (giving way is routed through `_give_way` above.)

# --- context cues --------------------------------------------------------------------------------
# Words that deny what follows ("no numbness", "doesn'?t hurt", "I can'?t say it hurts").
NEGATION_BEFORE = (
    r"no|not|never|without|nor|neither|none|nothing|zero|nil|"
    r"(?:do|does|did|is|are|was|were|have|has|had|wo|would|should|ai)n'?t|"
    r"(?:can'?t|cannot|can not|couldn'?t|wouldn'?t|would not) say|deny|denies|denied|"
    r"free (?:of|from)|absence of|no sign of|no signs of|no evidence of|lack of"
)
# Words after a term that deny it ("numbness: no", "tingling - none").
NEGATION_AFTER = (
    r"\s*[:\-?=]\s*(?:no|none|nope|nil|never|negative|absent|n)\b(?! +[a-z])|\s*(?:is|are) (?:absent|negative)\b|"
    r"\s*(?:is|are|was|were) not (?:a problem|an issue|present)\b|\s*not present\b|"
    # "Fever I don't have", "numbness he hasn't got"
    r"\s*,?\s*(?:i|he|she|we|they) (?:don'?t|do not|doesn'?t|does not|didn'?t|did not|haven'?t|hasn'?t|have not|has not) (?:have|has|had|get|got|feel|notice)\b"
)
# Look like negations but are not ("not only", "won'?t stop hurting", "can'?t walk without pain").
PSEUDO_NEGATION = (
    r"(?:most times|mostly|most of the time|usually|other times|sometimes),? nothing|not (?:gonna|going to) lie|no lie|no kidding|no joke|not kidding|not joking|"
    r"not only|not just|no doubt|no idea|no clue|no matter|no reason|not sure|no worse|not worse|without fail|"
    r"from nothing (?:to|into)|(?:gone|went|go|going|gone up) from nothing|"
    r"(?:won'?t|doesn'?t|does not|didn'?t|can'?t|hasn'?t|haven'?t|isn'?t|never|not|won'?t) (?:stop|stopped|stops|go away|gone away|goes away|going away|let up|ease|eased|easing|settle|settled|settling|help|helped|helping|work|worked|improve|improved|improving|get better|got better|getting better|better)|"
    r"(?:hasn'?t|haven'?t|has not|not) (?:got|gotten|been getting) better|no better|not better|"
    r"(?:can'?t|cannot|couldn'?t|can not) \w+(?: \w+){0,2} without|not without|"
    r"not (?:too |that |so |as |very |all that )?bad|not (?:very|too|that|so|overly|particularly|terribly|all that|really that)|"
    r"not much|not a lot|no longer|not anymore|not any more|"
    r"never (?:been )?(?:tested|checked|screened|scanned|diagnosed|investigated)|never before|"
    r"never (?:happened|done this|had this|felt this|popped|cracked)(?: \w+)? before|"
    r"(?:didn'?t|did not|don'?t|do not|never) think much of|nothing (?:else|much|major|serious)"
)
# Hedged denials: still a denial, but not a firm one ("I don'?t think there's any numbness").
HEDGED_NEGATION = (
    r"(?:don'?t|do not|didn'?t|did not) (?:think|believe)|(?:doesn'?t|does not|don'?t|do not) seem|"
    r"not really|(?:don'?t|do not) really"
)
# Uncertainty before or around a term ("maybe a bit of tingling", "I think my foot is numb").
UNCERTAIN_BEFORE = (
    r"maybe|perhaps|possibly|probably|might|may (?:be|have)|could (?:be|have)|i think|i guess|"
    r"i suppose|i believe|kind of|kinda|sort of|sorta|a bit like|seems?|seemed|not sure|unsure|"
    r"(?:don'?t|do not) know (?:if|whether)|can'?t tell|hard to (?:say|tell)|wonder(?:ing)? (?:if|whether)|"
    r"suspect|if|in case|what if|worried|worry|worries|afraid|scared|concerned|almost|"
    r"unclear|possible|questionable|might have|may have|could it be|is it|was it|or is it|"
    r"should i|do i need|does this mean|not certain|i'm not certain|sounds like|it felt like"
)
# A fear or a question about what something might be: a worry, not a fact ("I'm scared it will
# hurt", "could this be a tumour?"). FEAR covers pain and history; WORRY_QUESTION history only.
FEAR = r"afraid|scared|frightened|terrified|fear|fears|feared|worried|worry|worries|worrying|in case|dread\w*|panicking"
WORRY_QUESTION = (
    r"could (?:this|it|that|they) be|might (?:this|it|that) be|is (?:this|it|that)(?: a| an)?|what if|"
    r"does (?:this|it|that) mean|could it be|(?:a |the )?signs? of|(?:rule|ruled|ruling) out|check(?:ed|ing)? for|"
    r"test(?:ed|ing)? for|screen(?:ed|ing)? for|risk of|hope (?:it'?s|it is) not"
)
UNCERTAIN_AFTER = r"i think|i guess|or something|or so|i'm not sure|not sure|i suppose|i believe"
# Someone other than the writer ("my mother had cancer", "my friend's back gives way").
OTHER_EXPERIENCER_BEFORE = (
    # ("Nana here, ..." is the writer naming herself)
    r"(?:my |his |her |our |their |a |the |one of my |one of our )?" + FAMILY + r"(?:'s|s'|s)?(?!,? here\b)|"
    r"family history(?: of)?|history in (?:my|the|our) family|in my family|family members?|"
    r"someone|somebody|people|a lot of people|many people|he|she"
)
OTHER_EXPERIENCER_AFTER = r"runs in (?:the|my|our) family|in (?:my|the|our) family"
# Someone else doing the cracking: then the activity is not self-adjusting.
PRACTITIONER = (
    r"chiropractor|chiro(?![- ]style)|osteopath|physio\w*|therapist|masseuse|massage|doctor|"
    r"someone|somebody"
)
# Words that hand the story back to the writer, ending an "other person" scope.
FIRST_PERSON = (
    r"i|i'm|im|i've|ive|i'd|i'll|me|myself|mine|"
    r"my(?! (?:own )?(?:" + FAMILY + r")\b)"
)
# Past, not now ("I used to crack my back daily", "I had sciatica years ago").
HISTORICAL = (
    r"(?<!than\sit\s)(?<!than\si\s)(?<!than\sthey\s)(?<!n't\s)(?<!n't\sthink\s)(?<!never\s)used to|years ago|(?:yrs?|yeras|yeats) ago|(?<!for\s)(?<!over\s)(?<!since\s)many years|in the past|as a (?:kid|child|teenager|teen|boy|girl)|"
    r"when i was (?:young|younger|a kid|a child|a teenager|at school|little|in my \w+)|"
    r"previously|once had|years back|long ago|a long time ago|a while back|back in [0-9]{4}|(?:in|from) (?:19[0-9]{2}|20[01][0-9])|back in (?:the )?(?:nineties|eighties|seventies|sixties|(?:nineteen|ninety|eighty|seventy|sixty|fifty)[- ]\w+)|"
    r"back in the day|back (?:at|in) (?:uni|university|college|school|the army)|back when|decades ago|last year|years before|in my twenties|in my teens|history of"
)
# Gone now, or stopped ("the tingling has gone", "I stopped cracking my back").
RESOLVED_BEFORE = r"stopped|quit|quitted|gave up|given up|no longer|no more|not anymore"
RESOLVED_AFTER = (
    r"anymore|any more|(?:has|have|had) (?:now |since |completely |totally )?(?:gone(?! from\b| to\b| worse\b| up\b)|settled|stopped|resolved|disappeared|cleared|eased off|worn off|passed)|"
    r"went away|wore off|(?:is|are) (?:now )?gone|has gone away|cleared up|stopped|no longer|not anymore|"
    r"went after|passed after|settled after|got better|came and went|long gone|all gone|gone now|"
    r"(?:fully |completely |totally )?recovered|made a (?:full |complete )?recovery|cleared up completely"
)
# Words that end the reach of a cue.
TERMINATOR = (
    r"but|however|although|though|except|yet|whereas|while|apart from|aside from|other than|"
    r"which|who|because|cause|cos|since|when|whenever|after|before|until|till|then|now|lately|"
    r"recently|today|tonight|yesterday|also|plus|and then|and now|and since|and lately|just|only|"
    r"so i|so he|so she|so we|so they"
)
# A comma or "and" that starts a new clause with its own subject ("no pain, my leg tingles").
CLAUSE_BREAK = (
    r"(?:,|\band\b|&)\s+(?=(?:i|i'm|im|i've|ive|i'd|my|it|it's|its|there|there's|the|this|that|"
    r"he|she|we|they|his|her|our|their|then|now)\b)|"
    # a parenthesis closes what it holds ("(no contact) and got a headache"); "and" before a verb
    # of having or feeling starts a new clause ("no injury and got a headache")
    r"\)|\band (?=(?:got|get|gets|getting|felt|feel|feels|had|have|has|started|now|suddenly)\b)"
)
# An intentional-weight-loss context makes weight loss not unexplained.
INTENDED_WEIGHT_LOSS = (
    r"diet\w*|on purpose|intentionally|deliberately|trying to lose|calorie\w*|slimming|weight watchers|"
    r"ozempic|wegovy|mounjaro|semaglutide|gym|exercis\w*|after (?:the |my )?(?:baby|pregnancy)"
)
# ... unless that is denied ("I haven't been dieting", "no diet", "she eats normally"): then the loss
# is unexplained.
UNINTENDED_WEIGHT_LOSS = (
    r"(?:haven'?t|hasn'?t|have not|has not|not|never|no|without|wasn'?t|weren'?t|isn'?t|am not|i'?m not|not been|don'?t|do not|didn'?t|did not)"
    r"(?: been| even| really| at all| actually)* (?:on (?:a|any) )?(?:diet\w*|trying|exercis\w*|going to the gym)|"
    r"no diet|not on purpose|without trying|without even trying|eat\w* (?:\w+ )?(?:normal|normally|as usual|the same|properly|well)"
)
# Forms of a corticosteroid that are not oral, or courses that are short.
STEROID_NOT_SYSTEMIC = r"inhaler|cream|nasal|spray|injection|jab|shot|eye ?drops|ointment|puffer|topical|gel"
STEROID_LONG = (
    r"long[- ]term|for years|for ages|years|for a long time|every day for|since [0-9]{4}|permanently|on and off for|"
    r"for (?:1|one|a|over a|more than a|[2-9]|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (?:years?|yrs?)|"
    r"for (?:[3-9]|1[0-9]|three|four|five|six|seven|eight|nine|ten|eleven|twelve|many|several) months|since (?:last year|years)"
)
STEROID_SHORT = r"short course|a course|[0-9]+[- ]days? course|a week|few days|couple of days|for [0-9]+ days|for (?:a|one|two|three|four|five|six) (?:days?|weeks?)|briefly"

# A single past-tense pop, crack or clunk: the event after which pain may have begun.
POP_EVENT = (
    r"popped|cracked|snapped|clicked|clunked|(?:went|go|goes|going) (?:pops?|cracks?|snaps?|clicks?|clunks?)|(?:loud|big|huge|massive|sharp|almighty|horrible) (?:pop|crack|snap|clunk)|(?:pop|crack|snap|clunk) (?:in|from) (?:my|the) (?:\w+ )?(?:back|neck|spine)|"
    r"(?:a|an|one|single|that|the) (?:\w+ ){0,2}(?:pop|crack|snap|click|clunk|thud)|gave (?:a|one) (?:\w+ )?(?:pop|crack)|"
    r"something (?:go |goes |went |give |gave )?(?:pop|crack|snap|click|clunk)|"
    r"(?:was|is|heard|felt|hear|feel) (?:small |little |big |loud |sharp )?(?:pop|crack|click|snap)|"
    r"(?:made|make|makes|making|gave|give|gives) (?:a |one )?'[a-z]{2,8}'|"
    r"(?:make|makes|made|making|did|does|do|give|gives) (?:a |the |one |like )?'?(?:pop|crack|snap|click|clunk)|"
    r"(?:one|a|an|this|that) (?:loud |big |sharp |sudden |strange |funny )?(?:\w+ )?(?:sound|noise|bang)|"
    r"(?:make|made|makes|making|did|does|gave|give|gives) (?:some |one )?(?:loud |big |sharp |sudden |strange |funny )?(?:sound|noise)|"
    r"(?:my|his|her|the) (?:\w+ )?(?:back|neck|spine) (?:go |goes |went |give |gave )?(?:pop|crack|snap|click|clunk)|"
    r"(?:back|neck|spine) (?:go|goes|went) like (?:a |an )?(?:[\w']+ ){0,4}(?:snapping|cracking|popping|breaking|snap|crack|pop)"
)
# Linking words that tie pain to the moment of the pop ("ever since", "and now").
PAIN_SINCE_POP = r"ever since|since then|since it|since my|since the|straight away|right away|immediately|instantly|at once|and now|now|and then|then|since|after (?:i|he|she) (?:felt|heard)|after a|after the"
# Words between a pop and a pain that say the pain began at that moment ("pop, immediate pain").
PAIN_AT_ONCE = (
    r"(?:right )?(?:at|on|in) that (?:very )?(?:moment|second|instant|point)|that (?:very )?instant|straight away|right away|straightaway|immediately|immediate|instantly|instant|at once|"
    r"straight after|right after|from then on|ever since|since then|from (?:that|this|the) moment|from that point|"
    r"from (?:that|this) (?:time|second|minute|instant)|since (?:that|this) moment|"
    r"from (?:that|this|the) (?:exact|very|same) (?:moment|second|minute|instant|time)|(?:at )?(?:that|the) same (?:time|moment)|"
    r"there and then|then and there|on the spot|right then|that second|the second it|the moment it|"
    r"since the (?:second|moment|minute|instant) it|from the (?:second|moment|minute|instant) it|"
    r"as soon as it|right when it|just as it|and now|now"
)
# Words after a pain that tie it back to the pop ("it has hurt ever since", "sore since").
PAIN_SINCE_AFTER = (
    r"^\W*(?:\w+\W+){0,6}?(?:ever since|since then|since|from then on|ever after|since it (?:popped|cracked|happened|went)|"
    r"right away|straight away|straightaway|immediately|instantly|at once|(?:right )?there and then|then and there|"
    r"came (?:straight |right )?(?:in |on )?with it|came (?:on )?(?:straight|right) (?:in|away|on)|"
    r"on the spot|from (?:that|this|the) (?:exact |very |same )?moment|from then on|(?:at )?(?:that|the) same (?:time|moment)|"
    r"(?:that|which|and it) (?:has|hasn'?t|hasnt|won'?t|wont) (?:stayed|stopped|gone|eased|let up|left)|has stayed|stayed|lasted|right then|then and there|has hung around|hung around|"
    r"(?:hasn'?t|hasnt|has not|won'?t|wont|didn'?t|did not) (?:stopped|stop|gone away|go away|gone|eased|ease|let up))(?!\w)"
)
# A time shift that breaks the link between a pop and later pain.
# What was had before and is said to be over now ("had sciatica years ago but none now", "... but
# that went years ago", "... but it cleared up completely"): a denial of it now.
NONE_NOW = (
    r"(?:but |and )?(?:none|nothing|no more|not any ?more|no sign of it|not a twinge)(?: of (?:it|that|them))?,? (?:now|since|these days|nowadays|for years)|"
    r"(?:that|it|which) (?:went|cleared|cleared up|settled|resolved|got better|went away|has gone|had gone)(?: \w+){0,2} (?:years|months|ages|a long time|long) ago|"
    r"(?:that|it|which) (?:cleared up|went away|settled|resolved) (?:completely|totally|fully|for good)"
)
# Pain said to have come on slowly after the sound: it did not begin with it.
GRADUAL_ONSET = (
    r"(?:came|come|comes|coming) on (?:gradually|slowly|bit by bit|over (?:the|that) (?:evening|day|night|afternoon))|"
    r"(?:built|building|builds|crept|creeping|creeps) up (?:gradually|slowly|over)|"
    r"(?:wasn'?t|was not|didn'?t|did not) (?:painful|hurt|sore|bad) at (?:the|that|first) (?:time|moment)?|no pain at (?:the|that) time"
)
TIME_SHIFT = (
    r"later|the next day|next morning|days later|weeks later|a few days after|before the pop|before it popped|before that|"
    r"no pain at the time|crept up|creeping up|built up|building up|came on (?:later|gradually|slowly)|"
    r"over the (?:afternoon|evening|day|next day|next few hours|hours|course of the day)"
)

# Frequency of the sound or of self-cracking.
FREQUENCY = [
    (
        "many_times_daily",
        r"(?:many|lots of|loads of|dozens of|numerous|countless|multiple|umpteen|hundreds of|a million|a hundred|so many) times (?:a|per|each|every) (?:day|hour)|"
        r"<NUM> times an hour|(?:every|each) (?:few )?(?:minutes?|hours?|half hour|half an hour|couple of hours|hour or so)|"
        r"(?:every|each) <NUM> (?:mins?|minutes?|hours?|hrs?)|"
        r"(?:many|several|lots of|loads of|dozens of|numerous|multiple|a few|a couple of|few|<NUM>) times (?:a|per|each|every|in a|in every) (?:shift|working day|work day|lesson|class|session)|"
        r"hourly|all day(?: long)?|all the time|constantly|non[- ]?stop|throughout the day|through the day",
    ),
    ("many_times_daily", r"every day,? (?:\w+ )?(?:several|many|multiple|loads of|lots of|a few|a bunch of) times"),
    (
        "daily",
        r"every (?:single )?(?:day|morning|evening|night)|daily|each (?:day|morning|evening)|once a day|"
        r"twice a day|most days|every other day|day in day out|nightly",
    ),
    (
        "occasionally",
        r"now and then|now and again|every (?:so often|now and then|now and again|once in a while|few days|week|couple of days)|"
        r"occasionally|occasional|sometimes|from time to time|once in a while|"
        r"(?:[0-9]+|one|two|three|four|five|six|seven|eight|nine|ten|once|twice|a few|a couple of|several) (?:times )?(?:a|per|each|every) (?:week|month|fortnight)|"
        r"weekly|monthly|rarely|once or twice|a couple of times|every so often|on and off|off and on|at times|some days",
    ),
    (
        "first_time",
        r"(?:the |for the )?first time|never (?:happened|done this|had this|felt this|popped|cracked|heard it)(?: \w+)? before|"
        r"never before|first ever|out of character",
    ),
]

# Giving up a habit, said after it ("I used to crack my back but I gave that up").
QUIT_HABIT = (
    r"(?:gave|given|giving|give) (?:it|that|this|them|the habit|it all) up|"
    r"(?:gave|given|giving|give) up (?:doing (?:it|that)|the habit|cracking|popping)|"
    r"(?:stopped|quit|kicked) (?:doing (?:it|that|this)|it|that|the habit)|"
    r"(?:don'?t|do not|never) do (?:it|that|this) (?:any ?more|now|these days)|not any ?more|no longer"
)
# Words that say a symptom is getting worse ("it's getting worse every day").
PROGRESSION = (
    r"more bad every day|more bad each day|more worse|(?:every|each) day (?:it )?(?:is |it'?s |gets |getting )?(?:more bad|worse|weaker)|getting worse|got worse|gotten worse|gets worse|growing worse|worse and worse|worsening|worsens|worsened|"
    r"deteriorat\w*|progressing|progressed|progressive(?:ly)?|spreading|"
    r"worse (?:every|each|by the) (?:day|week|hour)|(?:every|each) day it'?s worse|day by day|"
    r"more and more|weaker (?:every|each|by the) (?:day|week)|weaker than (?:it was|before|last week|yesterday)|"
    r"worse (?:today|now|this morning|this week|tonight) than (?:yesterday|before|last week|it was)|"
    r"worse than (?:it was |they were )?(?:yesterday|last week|a week ago|last month|the day before)"
)
# People someone writes in for: a parent, grandparent, partner or child.
CARED_FOR = (
    # (the longer names first: "mother-in-law" is not "mother")
    r"(?:(?:mother|father|brother|sister|son|daughter)-in-law|mother|mom|mum|mam|mummy|mommy|father|dad|daddy|papa|wife|husband|partner|son|daughter|"
    r"girlfriend|boyfriend|fianc[eé]e?|spouse|hubby|missus|other half|teammate|team-mate|"
    r"mamma|mama|momma|mammy|amma|ammi|appa|abba|abbu|nonna|nonno|abuela|abuelo|herself|himself|old man|old lady|old woman|elderly man|elderly lady|elderly woman|gentleman|"
    r"child|children|kids?|baby|toddler|boys?|girls?|grandma|grandmother|granny|gran|nan|nana|nanna|grandpa|"
    r"grandfather|grandad|granddad|stepmother|stepfather|stepmum|stepdad|"
    r"sister|brother|aunt|auntie|uncle|cousin|resident|residents|patient|client|oma|opa|babcia|dziadek|lola|lolo|"
    r"service user|grandson|granddaughter|grandchild|niece|nephew|patients|clients|students?|pupils?|"
    r"housemate|flatmate|roommate)"
)
# A report written for someone else, who is the patient ("my 80 yr old mum's back popped").
PROXY_SUBJECT = (
    r"(?:(?:my|our) (?:[\w'-]+ ){0,4}?|(?:^|(?<=[.!?\n:]) *))(?P<who>" + CARED_FOR + r")(?:"
    # their back or neck ("my 80 yr old mum's back popped")
    r"(?:'s|s'|s) (?:(?:lower|upper|mid|low|poor|bad) )?(?:back|neck|spine)|"
    r" (?:\w+ ){0,3}?(?:hurt|popped|cracked|clicked|injured|pulled|strained|twisted|put out|did) (?:her|his|their) (?:\w+ )?(?:back|neck|spine)|"
    # their age given first ("my son is 12", "my dad, 80,", "mum's 83", "my mother 77 years")
    r"(?:(?:,| is| who is| has just turned| just turned| turned|'s|s) |\s?\()(?:aged? )?(?:[0-9]{1,3}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)\b|"
    r" [0-9]{1,3}(?: ?(?:years?|yrs?|y/?o)\b|(?=[,.;]))|"
    # something that happened to them ("my husband fell from the ladder")
    r" (?:\w+ ){0,2}?(?:fell|fall|falls|slipped|tripped|lifted|was thrown|got|has been|had a|felt|heard|went|came|twisted|bent|turned)\b|"
    r"(?:'s|s|'re) (?:on|taking|been|got|had|having|using)\b|(?: is| was| has been) (?:on|taking|using)\b|"
    # then their own back or neck in the same sentence ("my father says his back ...")
    r"\b[^.!?\n]{0,120}?\b(?:his|her) (?:[\w-]+ ){0,2}(?:back|neck|spine))|"
    # writing on someone's behalf ("writing for my mum", "asking about my son")
    r"(?:writing|write|asking|posting|messaging|enquiring|inquiring|here|typing|emailing) (?:this )?(?:for|on behalf of|about) (?:my|our|a) (?:[\w'-]+ ){0,3}?(?P<who2>"
    + CARED_FOR
    + r"|friend|neighbou?r|colleague|flatmate|housemate|mate)"
)
# Someone's condition, medicine or complaint told with them as the subject ("my wife has
# osteoporosis", "my wife is having chemotherapy", "my husband says ..."): a report for them when
# the story goes on about them ("she", "his back"), not a line of family history.
PROXY_TOLD = (
    r"(?:(?:my|our) (?:[\w'-]+ ){0,3}?|(?:^|(?<=[.!?\n])) *)(?P<who>"
    + CARED_FOR
    + r") (?:has|had|is|was|does|did|says|said|told|tells|keeps|"
    r"complains|complained|woke|wakes|gets|takes|took|needs|uses|started|began|suffers|suffered|"
    r"can'?t|cannot|couldn'?t|could not|won'?t)\b"
)
PROXY_GOES_ON = r"(?:she|he|she'?s|he'?s|her|his|him|they|their|them)"
# Said outright that the message is about someone else ("writing on behalf of my father", "this is
# about my husband"): the writer's own body, age and past are then not the patient's.
PROXY_EXPLICIT = (
    r"(?:(?:support worker|care worker|carer|caregiver|key worker|personal assistant|i support|i care for|i look after|i work with) (?:for |to )?(?:a |an )?(?:[\w'-]+ ){0,2}?(?P<who_cared>man|woman|lady|gentleman|lad|young man|young woman|adult|person|client|resident|service user|(?:mrs|mr|ms|miss|mx) [a-z]+)\b)|"
    # "my wife ask me to write"
    r"(?:(?:my|our) (?P<who_asked>wife|husband|partner|mother|mum|mom|father|dad|son|daughter|grandmother|grandfather|nan|gran|grandma|grandpa|brother|sister|friend|neighbou?r) (?:has )?(?:asked|asks|ask|wanted|wants|want) me to (?:write|message|post|type|fill)\b(?=.*\b(?:she|he|her|his)\b))|"
    # "I'm writing for Tom, who I support"
    r"(?:(?:writing|asking|posting|messaging|typing|filling (?:this|it) in) (?:this )?(?:for|on behalf of|about) (?P<who_named>[a-z]+),? (?:who|whom) (?:i|we) (?:support|care for|look after|work with)\b)|"
    r"(?:(?:writing|write|asking|posting|messaging|enquiring|inquiring|typing|emailing|filling (?:this|it) in) (?:this )?"
    r"|(?:this|it|my question|the question|this message|this post) is )"
    r"(?:for|on behalf of|about|regarding) (?:my|our) (?:[\w'-]+ ){0,3}?(?P<who>"
    + CARED_FOR
    + r"|friend|neighbou?r|colleague|flatmate|housemate|mate)\b"
)
# The writer speaking of their own body: then the text is not a report for someone else.
FIRST_PERSON_BODY = (
    r"my (?:own )?(?:(?:lower|upper|mid|low|left|right)[- ]?)?(?:back|neck|spine|legs?|arms?|feet|foot|hands?|knees?|hips?|bum|bottom|shoulders?|thighs?)|"
    r"(?:i'm|im|i am) [0-9]{1,3}\b|i (?:have|had|get|got|feel|felt|'ve|ve) (?:a |some |had )?(?:pain|numb\w*|tingl\w*|pins|cancer|osteoporosis|fever)|"
    r"(?:hurts|hurt|hurting) me\b|i(?:'ve| have)? (?:hurt|injured|pulled|popped|cracked) my (?:own )?(?:(?:lower|upper|mid|low)[- ]?)?(?:back|neck|spine|legs?|hips?)\b|"
    # ("mine hurts too", not "I never crack mine" or "mine also not perfect", of English)
    r"mine (?:too|as well|(?:just |only |also |still |now )?(?:hurts|pops|clicks|cracks|aches|grinds|clunks|goes)|is (?:sore|painful|bad|killing))|my own|me too|so do i|so does mine|"
    r"i (?:have|had|get|got|'ve|ve)(?: been| got)? (?:having |getting )?(?:a |some )?(?:bad |back |neck |leg |arm |low |lower |upper )*(?:pain|ache|aches|sciatica)"
)

# Words said for "my" before a part of the body ("me back", "ma neck"), and "pins" for legs.
DIALECT = (
    (
        r"(?<!\w)(?:me|ma|mah|moi)(?= (?:own )?(?:left |right |lower |upper |poor |bad )?(?:back|neck|spine|legs?|arms?|foot|feet|hands?|knees?|ankles?|bum|bottom|arse|erse|backside|hips?|head|shoulders?|pins|fingers|toes|thighs?)\b)",
        "my",
    ),
    (
        r"(?<!\w)(?:me|mah)(?= (?:old )?(?:mum|mam|mammy|ma|nan|nana|nanna|gran|granny|grandad|grandma|da|dad|husband|hubby|wife|missus|son|daughter|lad|lass|brother|sister|fella|bloke)(?:'s)?\b)",
        "my",
    ),
    (
        r"(?:(?<=\bmy )|(?<=\bhis )|(?<=\bher )|(?<=\btheir )|(?<=\bme )|(?<=\bma ))pins\b(?! and needles| n needles| & needles)",
        "legs",
    ),
    # speech-to-text: "mildly saw" is sore, "lore back" is lower back
    (
        r"(?:(?<=\bmildly )|(?<=\bbit )|(?<=\blittle )|(?<=\bvery )|(?<=\breally )|(?<=\bso )|(?<=\bbeen )|(?<=\bis )|(?<=\bquite )|(?<=\bpretty ))saw\b(?! (?:it|him|her|them|the|a|my|that|this|what|how))",
        "sore",
    ),
    (r"\blore(?= back)", "lower"),
    # West Country "oi crack moi back": I
    (
        r"(?<!\w)oi(?= (?:crack|cracks|can'?t|cannot|hit|was|am|have|had|got|went|fell|felt|think|reckon|heard|been|do|did|twisted|lifted|bent)\b)",
        "i",
    ),
    # Nigerian Pidgin "I no fit stand": can't; "I no feel": don't
    (r"(?:(?<=\bi )|(?<=\bhe )|(?<=\bwe )|(?<=\bu )|(?<=\bshe )|(?<=\byou )|(?<=\bthey ))no fit\b", "can't"),
    (
        r"(?:(?<=\bi )|(?<=\bhe )|(?<=\bwe )|(?<=\bu )|(?<=\bshe )|(?<=\byou )|(?<=\bthey ))no(?= (?:feel|dey|get|see|know|sabi)\b)",
        "don't",
    ),
    # Scots "ah crack it": I
    (
        r"\bah(?= (?:crack|cracked|cracks|hurt|felt|feel|was|wis|have|had|can|cannae|canny|started|think|get|got|am|bent|lifted|pulled|twisted|heard|do|did|dae)\b)",
        "i",
    ),
    # Tagalog "leeg", Dutch "nek": neck
    (r"(?:(?<=\bmy )|(?<=\bhis )|(?<=\bher )|(?<=\bthe ))(?:leeg|nek)\b", "neck"),
    # Scots "draggin ma fit": foot; "worse the day than yesterday": today
    (r"(?:(?<=\bma )|(?<=\bmy )|(?<=\bhis )|(?<=\bher ))fit\b", "foot"),
    (r"\bthe day(?= than)", "today"),
    # Scots "it's no that sore": not
    (
        r"(?<=\bit's )no(?= (?:that|too|very|so|sae|awfy|bad|sore|painful)\b)|(?<=\bits )no(?= (?:that|too|very|so|sae|awfy|bad|sore|painful)\b)",
        "not",
    ),
)

# --- spelling ------------------------------------------------------------------------------------
# Words whose misspelling must not hide a fact: warning signs, sounds, pain, mechanisms. A word of
# the text that is not English (not in the word list `spelling.py` uses) and is one or two typing
# errors away from one of these is read as it; what is read from it is marked uncertain, so that a
# misspelled warning sign is asked back, never dropped.
SPELLING_TARGETS = (
    # sounds
    "pop pops popped popping crack cracks cracked cracking click clicks clicked clicking snap snapped "
    "snapping grind grinds grinding crunch crunching crunchy grating gravel creaking creaky clunk clunked "
    "clunking thud thunk noise sound sides cold "
    # sensation and pain
    "numb numbness numbing tingle tingles tingling tingly needles sensation feeling feel could lost "
    "seeing pants pain painful hurts hurting ache aches aching achy sore agony agonising agonizing excruciating unbearable throbbing stabbing "
    "burning shooting shoots sciatica sciatic radiating spasm spasms terrible horrible awful "
    # weakness and walking
    "weak weakness weaker slaps slapping buckling buckled dragging stumbling stumbled tripping wobbly collapsed "
    "paralysed paralyzed walking balance "
    # bladder, bowel, saddle
    "bladder bowel bowels incontinent incontinence urine urinate urinating peeing weeing pooing "
    "constipated constipation toilet retention erection erectile leaking accidents soiled wiping "
    "buttocks bottom groin genitals privates backside crotch saddle perineum thighs "
    # head and neck
    "dizzy dizziness vertigo spinning double vision blurry blurred slurred slurring speech swallow "
    "swallowing choking fainted fainting drooping woozy lightheaded nauseous headache headaches migraine "
    # body
    "fever feverish temperature shivering shivers chills sweats sweating unwell shaking cancer tumour "
    "tumor chemotherapy radiotherapy leukaemia leukemia lymphoma myeloma melanoma metastatic malignant "
    "remission oncology mastectomy chemo vomit vomiting vomited worse worst electric fizzy weight immunosuppressed immunosuppressant transplant methotrexate "
    "injecting heroin osteoporosis osteopenia brittle steroids steroid prednisolone prednisone "
    # what happened
    "lifting lifted carrying carried twisted twisting bending stretching stretched accident crashed "
    "collision tackled tackle ladder scaffolding falling slipped tripped deadlift deadlifts deadlifting deadlifted squatting shuffling "
    # where
    "neck back spine lower upper shoulder blades lumbar legs arms foot feet knee thigh calf ankle hands "
    "fingers toes both left right"
).split()
# Words the lexicon uses only around a sign ("a string of clicks"), never read into a misspelling.
NOT_SPELLING_TARGETS = frozenset(
    {"sting", "stings", "string", "series", "succession", "stream", "rattle", "bunch", "burst", "load"}
)

# Text-speak: whole words written short, read as the words meant (not marked uncertain).
TEXT_SPEAK: dict[str, str] = {
    "mins": "minutes",
    "cldnt": "couldn't",
    "cdnt": "couldn't",
    "cudnt": "couldn't",
    "wldnt": "wouldn't",
    "secs": "seconds",
    "couldnae": "couldn't",
    "shouldnae": "shouldn't",
    "doesnae": "doesn't",
    "wasnae": "wasn't",
    "hasnae": "hasn't",
    "havenae": "haven't",
    "feart": "scared",
    "pane": "pain",
    "panes": "pains",
    "doon": "down",
    "baith": "both",
    "noo": "now",
    "ake": "ache",
    "akes": "aches",
    "aking": "aching",
    "akeing": "aching",
    "akey": "achy",
    "toothake": "toothache",
    "nuckle": "knuckle",
    "nuckles": "knuckles",
    "ah'm": "i'm",
    "aff": "off",
    "paining": "hurting",
    "roond": "round",
    "masel": "myself",
    "mysel": "myself",
    "aw": "all",
    "wean": "child",
    "wit": "with",
    "de": "the",
    "mih": "my",
    "nae": "no",
    "wis": "was",
    "tae": "to",
    "ower": "over",
    "gien": "giving",
    "giein": "giving",
    "haud": "hold",
    "naethin": "nothing",
    "erse": "arse",
    "jist": "just",
    "oot": "out",
    "guid": "good",
    "efternoon": "afternoon",
    "maist": "most",
    "aboot": "about",
    "n": "and",
    "u": "you",
    "ur": "your",
    "bk": "back",
    "bck": "back",
    "cos": "because",
    "coz": "because",
    "cuz": "because",
    "bc": "because",
    "thru": "through",
    "rly": "really",
    "v": "very",
    "pls": "please",
    "plz": "please",
    "abt": "about",
    "w": "with",
    "wiv": "with",
    "prob": "probably",
    "def": "definitely",
    "tbh": "to be honest",
    "ive": "i've",
    "im": "i'm",
    "dont": "don't",
    "cant": "can't",
    "wont": "won't",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "isnt": "isn't",
    "wasnt": "wasn't",
    "havent": "haven't",
    "couldnt": "couldn't",
    "hasnt": "hasn't",
    "wouldnt": "wouldn't",
    "shouldnt": "shouldn't",
    "arent": "aren't",
    "werent": "weren't",
    "hadnt": "hadn't",
    "shud": "should",
    "wud": "would",
    "cud": "could",
    "sumthing": "something",
    "hx": "history",
    "wen": "when",
    "popd": "popped",
    "crackd": "cracked",
    "clickd": "clicked",
    "sum1": "someone",
    "some1": "someone",
    "any1": "anyone",
    "no1": "no one",
    "theres": "there's",
    "thats": "that's",
    "whats": "what's",
    "wheres": "where's",
    "cannae": "can't",
    "canne": "can't",
    "canna": "can't",
    "dinnae": "don't",
    "didnae": "didn't",
    "isnae": "isn't",
    "wouldnae": "wouldn't",
    "sair": "sore",
    "awfy": "awful",
    "nite": "night",
    "hr": "hour",
    "hrs": "hours",
    "2day": "today",
    "b4": "before",
    "yday": "yesterday",
    "yest": "yesterday",
}

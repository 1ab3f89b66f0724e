//! Irregular English forms, written for Dyad from general knowledge of English
//! morphology. Each verb line is `base past participle`, alternatives joined by `/`.

/// Irregular verbs: `base past participle`.
pub(crate) const IRREGULAR_VERBS: &str = "\
arise arose arisen
awake awoke awoken
be was/were been
bear bore borne/born
beat beat beaten
become became become
begin began begun
bend bent bent
bet bet bet
bid bid bid
bind bound bound
bite bit bitten
bleed bled bled
blow blew blown
break broke broken
breed bred bred
bring brought brought
broadcast broadcast broadcast
build built built
burn burnt burnt
burst burst burst
buy bought bought
cast cast cast
catch caught caught
choose chose chosen
cling clung clung
come came come
cost cost cost
creep crept crept
cut cut cut
deal dealt dealt
dig dug dug
dive dove dived
do did done
draw drew drawn
dream dreamt dreamt
drink drank drunk
drive drove driven
dwell dwelt dwelt
eat ate eaten
fall fell fallen
feed fed fed
feel felt felt
fight fought fought
find found found
flee fled fled
fling flung flung
fly flew flown
forbid forbade forbidden
forecast forecast forecast
foresee foresaw foreseen
forget forgot forgotten
forgive forgave forgiven
freeze froze frozen
get got gotten
give gave given
go went gone
grind ground ground
grow grew grown
hang hung hung
have had had
hear heard heard
hide hid hidden
hit hit hit
hold held held
hurt hurt hurt
keep kept kept
kneel knelt knelt
know knew known
lay laid laid
lead led led
lean leant leant
leap leapt leapt
learn learnt learnt
leave left left
lend lent lent
let let let
lie lay lain
light lit lit
lose lost lost
make made made
mean meant meant
meet met met
mislead misled misled
mistake mistook mistaken
misunderstand misunderstood misunderstood
overcome overcame overcome
overdo overdid overdone
overhear overheard overheard
override overrode overridden
overrun overran overrun
oversee oversaw overseen
overtake overtook overtaken
overthrow overthrew overthrown
pay paid paid
prove proved proven
put put put
quit quit quit
read read read
rebuild rebuilt rebuilt
redo redid redone
rethink rethought rethought
rewrite rewrote rewritten
rid rid rid
ride rode ridden
ring rang rung
rise rose risen
run ran run
say said said
see saw seen
seek sought sought
sell sold sold
send sent sent
set set set
sew sewed sewn
shake shook shaken
shed shed shed
shine shone shone
shoot shot shot
show showed shown
shrink shrank/shrunk shrunk
shut shut shut
sing sang sung
sink sank sunk
sit sat sat
slay slew slain
sleep slept slept
slide slid slid
sling slung slung
slit slit slit
smell smelt smelt
speak spoke spoken
speed sped sped
spell spelt spelt
spend spent spent
spill spilt spilt
spin spun spun
spit spat spat
split split split
spoil spoilt spoilt
spread spread spread
spring sprang sprung
stand stood stood
steal stole stolen
stick stuck stuck
sting stung stung
stink stank stunk
stride strode stridden
strike struck struck/stricken
string strung strung
strive strove striven
swear swore sworn
sweep swept swept
swell swelled swollen
swim swam swum
swing swung swung
take took taken
teach taught taught
tear tore torn
tell told told
think thought thought
throw threw thrown
thrust thrust thrust
tread trod trodden
undergo underwent undergone
understand understood understood
undertake undertook undertaken
undo undid undone
upset upset upset
uphold upheld upheld
wake woke woken
wear wore worn
weave wove woven
wed wed wed
weep wept wept
win won won
wind wound wound
withdraw withdrew withdrawn
withhold withheld withheld
withstand withstood withstood
wring wrung wrung
write wrote written
outgrow outgrew outgrown
outrun outran outrun
outdo outdid outdone
outbid outbid outbid
outsell outsold outsold
input input input
output output output
offset offset offset
reset reset reset
upset upset upset
forgo forwent forgone
beset beset beset
befall befell befallen
behold beheld beheld
inlay inlaid inlaid
mislay mislaid mislaid
repay repaid repaid
resell resold resold
retell retold retold
rerun reran rerun
reread reread reread
remake remade remade
reawake reawoke reawoken
";

/// Forms that are not past tenses or participles: `form lemma`.
pub(crate) const OTHER_VERB_FORMS: &str = "\
is be
are be
am be
'm be
're be
being be
art be
ai be
has have
having have
've have
does do
doing do
goes go
dies die
dying die
lies lie
lying lie
ties tie
tying tie
vying vie
ca can
wo will
'll will
sha shall
gon go
wan want
got get
gotta get
n't not
";

/// Irregular noun plurals: `plural singular`.
pub(crate) const IRREGULAR_NOUNS: &str = "\
men man
women woman
children child
feet foot
teeth tooth
geese goose
mice mouse
lice louse
oxen ox
people people
persons person
dice die
leaves leaf
lives life
wives wife
knives knife
wolves wolf
halves half
shelves shelf
thieves thief
loaves loaf
calves calf
selves self
elves elf
scarves scarf
hooves hoof
dwarves dwarf
criteria criterion
phenomena phenomenon
analyses analysis
crises crisis
theses thesis
hypotheses hypothesis
diagnoses diagnosis
emphases emphasis
oases oasis
parentheses parenthesis
syntheses synthesis
axes axis
bases base
cacti cactus
fungi fungus
nuclei nucleus
stimuli stimulus
syllabi syllabus
alumni alumnus
radii radius
appendices appendix
indices index
matrices matrix
vertices vertex
curricula curriculum
memoranda memorandum
strata stratum
bacteria bacterium
media media
data data
series series
species species
news news
means means
headquarters headquarters
aircraft aircraft
sheep sheep
deer deer
fish fish
offspring offspring
police police
clothes clothes
politics politics
goods goods
contents contents
grounds grounds
lbs lb
mins minute
thanks thanks
regards regards
movies movie
cookies cookie
brownies brownie
calories calorie
zombies zombie
rookies rookie
selfies selfie
prairies prairie
hippies hippie
aunties auntie
goodies goodie
veggies veggie
freebies freebie
smoothies smoothie
pies pie
ties tie
lies lie
shoes shoe
toes toe
canoes canoe
foes foe
hoes hoe
oboes oboe
buses bus
gases gas
biases bias
statuses status
viruses virus
bonuses bonus
campuses campus
focuses focus
censuses census
consensuses consensus
apparatuses apparatus
circuses circus
geniuses genius
choruses chorus
surpluses surplus
prospectuses prospectus
syllabuses syllabus
walruses walrus
octopuses octopus
atlases atlas
aliases alias
canvases canvas
lenses lens
irises iris
plusses plus
headaches headache
aches ache
toothaches toothache
niches niche
caches cache
avalanches avalanche
cliches cliche
moustaches moustache
mustaches mustache
quizzes quiz
";

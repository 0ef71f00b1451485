/**
 * Topics of the write_list family: reference tips, and the words (lemmas) that mark a tip as being about the topic.
 * Every reference tip contains at least one of its topic's words (tested); generic verbs (make, take, keep, use)
 * are left out so that a tip for another topic does not count.
 */

/** Topic → short tips (≥ 5 each) the reference answers draw from. */
export const TIPS: Record<string, string[]> = {
  'better sleep': ['Go to bed at the same time', 'Keep the room dark', 'Avoid screens late', 'Skip late coffee', 'Keep the room cool'],
  'saving money': ['Make a budget', 'Cook at home', 'Buy used items', 'Wait a day before buying', 'Save a bit every week'],
  studying: ['Study in short blocks', 'Test yourself', 'Remove distractions', 'Teach it to a friend', 'Review the next day'],
  'staying healthy': ['Drink water', 'Walk every day', 'Eat more vegetables', 'Sleep enough', 'Wash your hands'],
  'a tidy room': ['Make the bed', 'Put things back', 'Clean for ten minutes a day', 'Give away what you do not use', 'Use boxes'],
  'learning to cook': ['Start with easy dishes', 'Read the recipe first', 'Taste as you go', 'Keep knives sharp', 'Cook with a friend'],
  'a long trip': ['Pack light', 'Bring snacks', 'Take breaks', 'Download maps offline', 'Charge your phone'],
  'writing well': ['Use short sentences', 'Cut extra words', 'Read it out loud', 'Know your point', 'Edit the next day'],
  'a job interview': ['Research the company', 'Arrive early', 'Prepare examples', 'Ask good questions', 'Dress neatly'],
  'growing plants': ['Water in the morning', 'Give them sun', 'Use good soil', 'Do not overwater', 'Remove dead leaves'],
  'making friends': ['Say hello first', 'Ask questions', 'Join a club', 'Remember names', 'Be a good listener'],
  'running': ['Start slow', 'Wear good shoes', 'Warm up first', 'Rest between runs', 'Drink water after'],
  'reading more': ['Carry a book', 'Read before bed', 'Join a book club', 'Set a page goal', 'Visit the library'],
  'a picnic': ['Bring a blanket', 'Pack cold drinks', 'Check the weather', 'Take a trash bag', 'Bring fruit'],
  'public speaking': ['Practice out loud', 'Know your first line', 'Speak slowly', 'Look at the audience', 'Breathe deeply'],
  'a new pet': ['Buy food first', 'Find a vet', 'Make a quiet corner', 'Be patient', 'Set a routine'],
  'learning a language': ['Practice every day', 'Learn common words first', 'Talk with natives', 'Watch shows', 'Use flash cards'],
  'a rainy day': ['Read a book', 'Bake something', 'Watch a film', 'Call a friend', 'Play a board game'],
};

/** Topic → words of the topic (lemmas; matched after stripping inflections). */
export const TOPIC_WORDS: Record<string, string> = {
  'better sleep':
    'sleep bed bedtime bedroom room dark darkness light lamp quiet noise earplug cool cold warm temperature screen phone ' +
    'late night evening coffee caffeine tea nap pillow mattress blanket sheet curtain alarm wake routine relax rest ' +
    'tired dream schedule bath shower dinner meal alcohol calm breathe meditate early hour clock snore insomnia',
  'saving money':
    'money save saving budget spend cost price cheap expensive sale discount coupon bank account cash card credit debt ' +
    'loan bill pay income salary buy purchase shop shopping store used secondhand cook home lunch restaurant dollar ' +
    'cent coin penny subscription wait impulse track expense invest fund emergency wallet deal bargain free cancel rent',
  studying:
    'study learn exam test quiz class lesson school homework note book textbook read review revise practice memorize ' +
    'focus concentrate distraction block break teacher tutor teach explain question answer subject topic chapter ' +
    'flashcard card library desk schedule goal summary summarize outline highlight quiet phone yourself',
  'staying healthy':
    'health healthy water drink walk exercise run sport gym fit fitness eat food diet vegetable fruit salad sugar salt ' +
    'meal sleep rest wash hand soap clean doctor checkup vitamin stress relax smoke alcohol sun fresh air outside ' +
    'stretch body weight heart breakfast snack enough active move stairs yoga germ teeth brush',
  'a tidy room':
    'tidy clean room bed mess messy clutter declutter put back away place floor shelf drawer box bin basket closet ' +
    'wardrobe clothes laundry dust vacuum sweep mop trash garbage organize sort fold hang hook desk donate storage label',
  'learning to cook':
    'cook cooking recipe dish meal food kitchen knife pan pot oven stove heat boil fry bake roast chop cut slice taste ' +
    'salt pepper spice herb ingredient vegetable egg rice pasta sauce soup bread chef easy simple measure cup spoon ' +
    'sharp practice',
  'a long trip':
    'trip travel journey road drive car train plane flight bus pack packing bag luggage suitcase light snack food water ' +
    'break rest stop map route phone charge charger battery ticket passport hotel music podcast pillow sleep stretch ' +
    'seat fuel gas offline download clothes comfortable shoe cash',
  'writing well':
    'write writing writer word sentence paragraph short clear simple plain cut edit revise rewrite draft read aloud loud ' +
    'point idea reader audience grammar spelling style verb noun adjective adverb voice active passive outline ' +
    'structure title example detail concise page text story essay proofread',
  'a job interview':
    'job interview interviewer company employer work role position career resume research prepare practice question ' +
    'answer example story skill experience strength weakness salary early arrive punctual dress clothes suit neat ' +
    'neatly smile handshake eye confident calm thank email listen manager team office',
  'growing plants':
    'plant grow garden water soil dirt pot seed root leaf flower sun sunlight light shade fertilizer compost prune trim ' +
    'weed pest bug insect morning overwater drain drainage window greenhouse spray mist repot dead green tree ' +
    'vegetable herb season spring rain',
  'making friends':
    'friend friendship people person hello greet talk chat conversation question ask listen listener club group team ' +
    'class meet meeting event party name remember smile kind kindness help share invite call message interest hobby ' +
    'together neighbor community volunteer open honest trust fun',
  running:
    'run running runner jog race pace mile kilometer distance speed slow fast shoe sneaker sock warm stretch muscle ' +
    'leg knee injury rest recover recovery water drink hydrate breathe breath track trail road route training ' +
    'interval sprint marathon heart',
  'reading more':
    'read reading reader book novel story page chapter library bookstore author club ebook audiobook magazine article ' +
    'bed bedtime minute goal habit phone screen carry list genre shelf',
  'a picnic':
    'picnic park blanket basket food sandwich fruit snack drink cold juice water cooler ice bread cheese cake plate ' +
    'cup napkin fork trash bag garbage weather rain sun sunscreen shade tree grass bug insect ant game ball lake beach',
  'public speaking':
    'speak speaking speech speaker talk present presentation audience crowd stage slide practice rehearse line opening ' +
    'voice slow slowly loud pause breathe breath deep deeply calm nervous confidence confident eye look smile gesture ' +
    'story joke point note card microphone question',
  'a new pet':
    'pet dog cat puppy kitten animal fish bird rabbit hamster vet veterinarian food feed bowl water bed toy leash ' +
    'collar cage tank litter walk train training routine patient patience quiet corner home space love play groom ' +
    'brush vaccine care',
  'learning a language':
    'language word vocabulary grammar speak speaking talk listen native speaker practice lesson class teacher tutor app ' +
    'course book read write phrase sentence verb noun pronounce pronunciation accent flash card flashcard show movie ' +
    'film song music podcast subtitle travel conversation translate dictionary memorize daily common',
  'a rainy day':
    'rain rainy umbrella boot coat raincoat indoor inside home stay book read bake cook cake cookie film movie show ' +
    'watch game board puzzle play call friend tea cocoa blanket nap craft paint draw music window',
};

"""Hand-written reports for the copy tests: an original, a spun rewrite, an independent report."""

from __future__ import annotations

ORIGINAL = (
    "Flooding along the Varna river forced 3,400 people from their homes on Tuesday, "
    "regional officials said.\n\n"
    "The water rose more than two metres overnight after four days of heavy rain, breaking a levee "
    "north of the town of Brellin shortly after midnight. Emergency crews from the Civil Protection "
    "Agency used boats to reach families trapped on rooftops in the low-lying Osk district.\n\n"
    "At least 12 people died and 37 were injured, according to the agency's director, Marta Kovel, "
    "who told reporters the toll could rise as searches continued. Three of the dead were children "
    "swept away when a footbridge collapsed.\n\n"
    "Governor Anton Rusk declared a state of emergency for the province and asked the national "
    "government for 45 million dollars in aid. Schools in Brellin will stay closed until Friday, "
    "and the main railway line to the coast has been suspended because part of the track was "
    "washed out.\n\n"
    "Forecasters at the national weather service expect another 80 millimetres of rain by Thursday. "
    "Residents of villages downstream were told to move livestock to higher ground and to prepare "
    "to leave at short notice. Local volunteers filled sandbags through the night outside the town "
    "hall, where a shelter for 600 people has been set up.\n\n"
    "It is the worst flood in the region since 1998, when the same river burst its banks and "
    "destroyed more than 2,000 houses."
)

# The same facts in other words, as a content farm would republish them.
REWRITE = (
    "Some 3,400 residents had to abandon their houses on Tuesday as the Varna burst its banks, "
    "according to the regional authorities.\n\n"
    "After four straight days of downpours, the river climbed over two metres during the night and "
    "a dyke gave way just after midnight to the north of Brellin. Rescuers of the Civil Protection "
    "Agency took boats into the Osk neighbourhood to pick up households stranded on their roofs.\n\n"
    "Twelve people have lost their lives and 37 others were hurt, agency chief Marta Kovel told the "
    "press, warning that the number of victims may still climb. Among the victims are three "
    "youngsters who were carried off when a small bridge gave way.\n\n"
    "Province governor Anton Rusk has proclaimed an emergency and is seeking $45 million from the "
    "national government. Classes in Brellin are cancelled until Friday and trains on the coastal "
    "line are halted since a stretch of rail was swept away.\n\n"
    "The national weather service is forecasting a further 80 mm of rainfall by Thursday. People "
    "living in villages further downstream have been advised to take their animals to higher ground "
    "and be ready to go quickly. Volunteers spent the night filling sandbags by the town hall, which "
    "now houses a 600-bed shelter.\n\n"
    "The region has not seen flooding this bad since 1998, when the river destroyed over 2,000 homes."
)

# Another outlet's own report of the same flood: shared core facts, its own sources and figures.
INDEPENDENT = (
    "Rescue teams in Brellin worked through Wednesday to reach stranded residents after the Varna "
    "river flooded large parts of the town.\n\n"
    "Hospital director Ivo Marek said 41 injured people had been treated at the Brellin general "
    "hospital, most for hypothermia and cuts. The Civil Protection Agency put the death toll at 12.\n\n"
    'Farmers in the Dalen valley said hundreds of hectares of wheat were under water. "We lost '
    'everything we planted in spring," said Petra Lind, who keeps 150 cows near the village of '
    "Koss. The agriculture ministry promised compensation but gave no figure.\n\n"
    "Army engineers arrived on Wednesday afternoon with pontoon bridges and 20 trucks. Prime "
    "Minister Elena Varga is expected to visit the area on Saturday, her office said. Insurance "
    "companies estimated the damage at 300 million dollars."
)

# A different article on the same topic (another flood, another year): a false positive for both tests.
SAME_TOPIC = (
    "Floods in the south of the country displaced about 900 people in March, the Red Cross said. "
    "Heavy rain caused the Selka river to overflow near the town of Mirov, where two people drowned. "
    "The government sent soldiers to help with the evacuation and promised 5 million dollars in "
    "relief. Officials said the water was receding by the weekend."
)

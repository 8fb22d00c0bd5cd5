"""The counties and municipalities of Lithuania (Facts §3.1), as plain data.

Read by the data migration `core.0002_geography`; keep the two in step if a law ever
changes the list (add a migration, do not edit the old one).
"""

VILNIUS_LIBRARY = "Vilniaus apskrities Adomo Mickevičiaus viešoji biblioteka"
KAUNAS_LIBRARY = "Kauno apskrities viešoji biblioteka"
KLAIPEDA_LIBRARY = "Klaipėdos apskrities viešoji Ievos Simonaitytės biblioteka"
PANEVEZYS_LIBRARY = "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka"
SIAULIAI_LIBRARY = "Šiaulių apskrities Povilo Višinskio viešoji biblioteka"

COUNTY_LIBRARIES = [
    VILNIUS_LIBRARY,
    KAUNAS_LIBRARY,
    KLAIPEDA_LIBRARY,
    PANEVEZYS_LIBRARY,
    SIAULIAI_LIBRARY,
]

# (code, name, centre, responsible library, [(code, municipality name, centre), ...])
COUNTIES = [
    (
        "alytaus",
        "Alytaus apskritis",
        "Alytus",
        VILNIUS_LIBRARY,
        [
            ("alytaus-miesto", "Alytaus miesto savivaldybė", "Alytus"),
            ("alytaus-rajono", "Alytaus rajono savivaldybė", "Alytus"),
            ("druskininku", "Druskininkų savivaldybė", "Druskininkai"),
            ("lazdiju-rajono", "Lazdijų rajono savivaldybė", "Lazdijai"),
            ("varenos-rajono", "Varėnos rajono savivaldybė", "Varėna"),
        ],
    ),
    (
        "kauno",
        "Kauno apskritis",
        "Kaunas",
        KAUNAS_LIBRARY,
        [
            ("birstono", "Birštono savivaldybė", "Birštonas"),
            ("jonavos-rajono", "Jonavos rajono savivaldybė", "Jonava"),
            ("kaisiadoriu-rajono", "Kaišiadorių rajono savivaldybė", "Kaišiadorys"),
            ("kauno-miesto", "Kauno miesto savivaldybė", "Kaunas"),
            ("kauno-rajono", "Kauno rajono savivaldybė", "Kaunas"),
            ("kedainiu-rajono", "Kėdainių rajono savivaldybė", "Kėdainiai"),
            ("prienu-rajono", "Prienų rajono savivaldybė", "Prienai"),
            ("raseiniu-rajono", "Raseinių rajono savivaldybė", "Raseiniai"),
        ],
    ),
    (
        "klaipedos",
        "Klaipėdos apskritis",
        "Klaipėda",
        KLAIPEDA_LIBRARY,
        [
            ("klaipedos-miesto", "Klaipėdos miesto savivaldybė", "Klaipėda"),
            ("klaipedos-rajono", "Klaipėdos rajono savivaldybė", "Gargždai"),
            ("kretingos-rajono", "Kretingos rajono savivaldybė", "Kretinga"),
            ("neringos", "Neringos savivaldybė", "Nida"),
            ("palangos-miesto", "Palangos miesto savivaldybė", "Palanga"),
            ("skuodo-rajono", "Skuodo rajono savivaldybė", "Skuodas"),
            ("silutes-rajono", "Šilutės rajono savivaldybė", "Šilutė"),
        ],
    ),
    (
        "marijampoles",
        "Marijampolės apskritis",
        "Marijampolė",
        KAUNAS_LIBRARY,
        [
            ("kalvarijos", "Kalvarijos savivaldybė", "Kalvarija"),
            ("kazlu-rudos", "Kazlų Rūdos savivaldybė", "Kazlų Rūda"),
            ("marijampoles", "Marijampolės savivaldybė", "Marijampolė"),
            ("sakiu-rajono", "Šakių rajono savivaldybė", "Šakiai"),
            ("vilkaviskio-rajono", "Vilkaviškio rajono savivaldybė", "Vilkaviškis"),
        ],
    ),
    (
        "panevezio",
        "Panevėžio apskritis",
        "Panevėžys",
        PANEVEZYS_LIBRARY,
        [
            ("birzu-rajono", "Biržų rajono savivaldybė", "Biržai"),
            ("kupiskio-rajono", "Kupiškio rajono savivaldybė", "Kupiškis"),
            ("panevezio-miesto", "Panevėžio miesto savivaldybė", "Panevėžys"),
            ("panevezio-rajono", "Panevėžio rajono savivaldybė", "Panevėžys"),
            ("pasvalio-rajono", "Pasvalio rajono savivaldybė", "Pasvalys"),
            ("rokiskio-rajono", "Rokiškio rajono savivaldybė", "Rokiškis"),
        ],
    ),
    (
        "siauliu",
        "Šiaulių apskritis",
        "Šiauliai",
        SIAULIAI_LIBRARY,
        [
            ("akmenes-rajono", "Akmenės rajono savivaldybė", "Naujoji Akmenė"),
            ("joniskio-rajono", "Joniškio rajono savivaldybė", "Joniškis"),
            ("kelmes-rajono", "Kelmės rajono savivaldybė", "Kelmė"),
            ("pakruojo-rajono", "Pakruojo rajono savivaldybė", "Pakruojis"),
            ("radviliskio-rajono", "Radviliškio rajono savivaldybė", "Radviliškis"),
            ("siauliu-miesto", "Šiaulių miesto savivaldybė", "Šiauliai"),
            ("siauliu-rajono", "Šiaulių rajono savivaldybė", "Šiauliai"),
        ],
    ),
    (
        "taurages",
        "Tauragės apskritis",
        "Tauragė",
        KLAIPEDA_LIBRARY,
        [
            ("jurbarko-rajono", "Jurbarko rajono savivaldybė", "Jurbarkas"),
            ("pagegiu", "Pagėgių savivaldybė", "Pagėgiai"),
            ("silales-rajono", "Šilalės rajono savivaldybė", "Šilalė"),
            ("taurages-rajono", "Tauragės rajono savivaldybė", "Tauragė"),
        ],
    ),
    (
        "telsiu",
        "Telšių apskritis",
        "Telšiai",
        SIAULIAI_LIBRARY,
        [
            ("mazeikiu-rajono", "Mažeikių rajono savivaldybė", "Mažeikiai"),
            ("plunges-rajono", "Plungės rajono savivaldybė", "Plungė"),
            ("rietavo", "Rietavo savivaldybė", "Rietavas"),
            ("telsiu-rajono", "Telšių rajono savivaldybė", "Telšiai"),
        ],
    ),
    (
        "utenos",
        "Utenos apskritis",
        "Utena",
        PANEVEZYS_LIBRARY,
        [
            ("anyksciu-rajono", "Anykščių rajono savivaldybė", "Anykščiai"),
            ("ignalinos-rajono", "Ignalinos rajono savivaldybė", "Ignalina"),
            ("moletu-rajono", "Molėtų rajono savivaldybė", "Molėtai"),
            ("utenos-rajono", "Utenos rajono savivaldybė", "Utena"),
            ("visagino", "Visagino savivaldybė", "Visaginas"),
            ("zarasu-rajono", "Zarasų rajono savivaldybė", "Zarasai"),
        ],
    ),
    (
        "vilniaus",
        "Vilniaus apskritis",
        "Vilnius",
        VILNIUS_LIBRARY,
        [
            ("elektrenu", "Elektrėnų savivaldybė", "Elektrėnai"),
            ("salcininku-rajono", "Šalčininkų rajono savivaldybė", "Šalčininkai"),
            ("sirvintu-rajono", "Širvintų rajono savivaldybė", "Širvintos"),
            ("svencioniu-rajono", "Švenčionių rajono savivaldybė", "Švenčionys"),
            ("traku-rajono", "Trakų rajono savivaldybė", "Trakai"),
            ("ukmerges-rajono", "Ukmergės rajono savivaldybė", "Ukmergė"),
            ("vilniaus-miesto", "Vilniaus miesto savivaldybė", "Vilnius"),
            ("vilniaus-rajono", "Vilniaus rajono savivaldybė", "Vilnius"),
        ],
    ),
]

/**
 * Family names with relative frequencies. The German list follows the national ranking
 * (entries in telephone directories, in thousands, rounded), shifted a little towards the
 * Ruhr: Westphalian names (Schulte, Brinkmann, Hülsmann) and the Polish-origin names the
 * miners' families brought in the late 19th century (Kowalski, Schimanski, Nowak) are
 * commoner in Bochum than in the national list.
 */
export const germanFamilyNames: readonly (readonly [string, number])[] = [
  ['Müller', 256], ['Schmidt', 190], ['Schneider', 115], ['Fischer', 98], ['Weber', 86], ['Meyer', 84],
  ['Wagner', 79], ['Becker', 76], ['Schulz', 74], ['Hoffmann', 73], ['Schäfer', 64], ['Koch', 60],
  ['Bauer', 58], ['Richter', 58], ['Klein', 57], ['Wolf', 54], ['Schröder', 52], ['Neumann', 51],
  ['Schwarz', 50], ['Zimmermann', 49], ['Braun', 47], ['Krüger', 46], ['Hofmann', 46], ['Hartmann', 45],
  ['Lange', 44], ['Schmitt', 43], ['Werner', 42], ['Schmitz', 48], ['Krause', 41], ['Meier', 40],
  ['Lehmann', 39], ['Schmid', 25], ['Schulze', 38], ['Maier', 20], ['Köhler', 36], ['Herrmann', 35],
  ['König', 34], ['Walter', 33], ['Mayer', 22], ['Huber', 12], ['Kaiser', 31], ['Fuchs', 31],
  ['Peters', 34], ['Lang', 30], ['Scholz', 30], ['Möller', 29], ['Weiß', 29], ['Jung', 28],
  ['Hahn', 28], ['Schubert', 27], ['Vogel', 27], ['Friedrich', 27], ['Keller', 26], ['Günther', 26],
  ['Frank', 25], ['Berger', 25], ['Winkler', 24], ['Roth', 24], ['Beck', 24], ['Lorenz', 23],
  ['Baumann', 23], ['Franke', 22], ['Albrecht', 22], ['Schuster', 22], ['Simon', 22], ['Ludwig', 21],
  ['Böhm', 21], ['Winter', 21], ['Kraus', 20], ['Martin', 20], ['Schumacher', 23], ['Krämer', 20],
  ['Vogt', 19], ['Stein', 19], ['Jäger', 19], ['Otto', 19], ['Sommer', 19], ['Groß', 18],
  ['Seidel', 18], ['Heinrich', 18], ['Brandt', 19], ['Haas', 17], ['Schreiber', 17], ['Graf', 17],
  ['Schulte', 30], ['Dietrich', 17], ['Ziegler', 17], ['Kuhn', 16], ['Kühn', 16], ['Pohl', 16],
  ['Engel', 16], ['Horn', 16], ['Busch', 17], ['Bergmann', 17], ['Thomas', 16], ['Voigt', 16],
  ['Sauer', 15], ['Arnold', 15], ['Wolff', 15], ['Pfeiffer', 15], ['Ernst', 14], ['Jansen', 16],
  ['Hübner', 14], ['Wilhelm', 14], ['Lindner', 14], ['Kramer', 15], ['Hansen', 13], ['Schilling', 13],
  ['Förster', 13], ['Paul', 13], ['Böttcher', 13], ['Thiel', 13], ['Ebert', 13], ['Berg', 13],
  ['Fritz', 12], ['Gross', 12], ['Maurer', 11], ['Schuhmacher', 11], ['Marx', 12],
  ['Kruse', 13], ['Hermann', 12], ['Seifert', 12], ['Brinkmann', 18], ['Haase', 12], ['Schlüter', 14],
  ['Schütz', 12], ['Heinz', 11], ['Schrader', 11], ['Kurz', 11], ['Schreiner', 11], ['Nowak', 14],
  ['Dietz', 10], ['Ahrens', 11], ['Kaufmann', 11], ['Weis', 10], ['Lenz', 11], ['Menzel', 11],
  ['Nagel', 11], ['Walther', 11], ['Schenk', 11], ['Reuter', 11], ['Bock', 11], ['Kirchner', 10],
  ['Stephan', 10], ['Wenzel', 10], ['Hesse', 12], ['Wendt', 10], ['Bruns', 10], ['Hein', 10],
  ['Stahl', 10], ['Fiedler', 10], ['Kraft', 10], ['Herzog', 10], ['Kühne', 10], ['Witt', 10],
  ['Thiele', 10], ['Gerlach', 10], ['Lorenzen', 5], ['Sander', 10], ['Jakob', 10],
  ['Westermann', 9], ['Hülsmann', 8], ['Kemper', 9], ['Overbeck', 6], ['Tiemann', 7], ['Wortmann', 7],
  ['Brüggemann', 7], ['Niehaus', 7], ['Kötter', 5], ['Esser', 9], ['Terhorst', 4], ['Plaßmann', 4],
  ['Bußmann', 5], ['Wessel', 6], ['Hegemann', 5], ['Vollmer', 8], ['Kortmann', 4], ['Ostermann', 6],
  ['Feldmann', 8], ['Bremer', 6], ['Heitkamp', 3], ['Schürmann', 6], ['Rüther', 4], ['Hölscher', 5],
  ['Steinkamp', 3], ['Dahlhaus', 3], ['Sonnenschein', 3], ['Kleine', 5], ['Große', 5], ['Hüttemann', 3],
  ['Kowalski', 11], ['Schimanski', 6], ['Szymanski', 6], ['Kaminski', 7], ['Lewandowski', 6], ['Wischnewski', 4],
  ['Grabowski', 6], ['Jankowski', 5], ['Zielinski', 5], ['Sobczak', 3], ['Przybylski', 3], ['Koslowski', 4],
  ['Kuczera', 2], ['Pawlak', 3], ['Nowicki', 3], ['Tomczak', 2], ['Mikolajczyk', 2], ['Wozniak', 3],
  ['Kowalczyk', 4], ['Dombrowski', 4], ['Piontek', 3], ['Sikora', 3], ['Janssen', 5], ['Majewski', 3],
  ['Kubiak', 3], ['Stachowiak', 2], ['Jablonski', 3], ['Olschewski', 2], ['Rogalski', 2], ['Czerwinski', 2],
  ['Strauß', 8], ['Preuß', 6], ['Nußbaum', 4], ['Meißner', 9], ['Jürgens', 8],
  ['Gärtner', 9], ['Fröhlich', 9], ['Wöhler', 3], ['Lührs', 2], ['Bürger', 6], ['Blümel', 3],
  ['Göbel', 8], ['Schäfers', 5], ['Rößler', 7], ['Kößler', 3], ['Mößner', 2], ['Süß', 4],
  ['Voß', 9], ['Boß', 2], ['Stöcker', 4], ['Hübscher', 2], ['Döring', 8], ['Kröger', 8],
  ['Hüls', 3], ['Rütten', 3], ['Tönnies', 3], ['Meyer-Hölscher', 1], ['von Berg', 2],
  ['von der Heide', 2], ['zur Nieden', 2], ['ten Brink', 1], ['Auf dem Kamp', 1], ['Hartung', 9], ['Schwab', 8],
  ['Scholl', 6], ['Böhmer', 6], ['Brückner', 7], ['Heller', 7], ['Beyer', 11], ['Wagener', 5],
  ['Rademacher', 6], ['Evers', 6], ['Behrens', 10], ['Kuhlmann', 8], ['Pieper', 8], ['Sievers', 6],
  ['Dreier', 5], ['Wiegand', 6], ['Mertens', 9], ['Rohde', 8], ['Engelhardt', 6], ['Schwarze', 4],
  ['Brauer', 6], ['Hauser', 6], ['Reinhardt', 7], ['Seeger', 5], ['Kunz', 9], ['Hennig', 7],
  ['Ackermann', 8], ['Lohmann', 8], ['Geiger', 8], ['Buchholz', 8], ['Pohlmann', 6], ['Funke', 8],
  ['Heinemann', 8], ['Kolb', 7], ['Noack', 6], ['Vetter', 6], ['Wittmann', 6], ['Michel', 8],
  ['Kellner', 5], ['Reimann', 6], ['Rieger', 6], ['Schaefer', 5], ['Mueller', 2], ['Kessler', 7],
];

export const turkishFamilyNames: readonly (readonly [string, number])[] = [
  ['Yılmaz', 30], ['Kaya', 22], ['Demir', 20], ['Şahin', 16], ['Çelik', 15], ['Yıldız', 14], ['Yıldırım', 12],
  ['Öztürk', 12], ['Aydın', 11], ['Özdemir', 11], ['Arslan', 10], ['Doğan', 10], ['Kılıç', 8], ['Aslan', 8],
  ['Çetin', 7], ['Kara', 7], ['Koç', 7], ['Kurt', 7], ['Özkan', 6], ['Şimşek', 6], ['Polat', 6], ['Korkmaz', 6],
  ['Aktaş', 5], ['Güneş', 5], ['Keskin', 5], ['Erdem', 5], ['Tekin', 4], ['Avcı', 4], ['Bulut', 4], ['Uçar', 3],
];

/**
 * Most Turkish family names were coined after the 1934 surname law from a few parts (Öz + türk,
 * Kara + kaya): composing them gives the long tail beyond the common names above.
 */
export const turkishStems = [
  'Ak', 'Kara', 'Öz', 'Er', 'Ay', 'Gül', 'Tek', 'Çak', 'Sarı', 'Demir', 'Taş', 'Kaya', 'Al', 'Bay', 'Gök', 'Ulu', 'Tun', 'Ok',
  'Kır', 'Şen', 'Uz', 'Yücel', 'Bal', 'Coş', 'Duman', 'Ergün', 'Kal', 'Koca', 'Sev', 'Tur', 'Ün', 'Var', 'Yazı', 'Bozkurt', 'Cengiz',
];
export const turkishEndings = ['türk', 'kaya', 'taş', 'han', 'soy', 'can', 'oğlu', 'er', 'el', 'dağ', 'tepe', 'men', 'kan', 'doğan', 'gün', 'yol', 'göz', 'yiğit', 'baş', 'demir'];

/** Polish family names with the feminine form where Polish has one (Kowalski / Kowalska). */
export const polishFamilyNames: readonly (readonly [[string, string], number])[] = [
  [['Nowak', 'Nowak'], 20], [['Kowalski', 'Kowalska'], 12], [['Wiśniewski', 'Wiśniewska'], 10], [['Wójcik', 'Wójcik'], 9],
  [['Kowalczyk', 'Kowalczyk'], 8], [['Kamiński', 'Kamińska'], 8], [['Lewandowski', 'Lewandowska'], 8],
  [['Zieliński', 'Zielińska'], 7], [['Szymański', 'Szymańska'], 7], [['Woźniak', 'Woźniak'], 6],
  [['Dąbrowski', 'Dąbrowska'], 6], [['Kozłowski', 'Kozłowska'], 5], [['Jankowski', 'Jankowska'], 5],
  [['Mazur', 'Mazur'], 5], [['Krawczyk', 'Krawczyk'], 4], [['Piotrowski', 'Piotrowska'], 4], [['Grabowski', 'Grabowska'], 4],
];

export const syrianFamilyNames: readonly (readonly [string, number])[] = [
  ['Al Ahmad', 6], ['Alhamad', 5], ['Mohammad', 8], ['Khalil', 6], ['Haddad', 4], ['Ibrahim', 7], ['Hassan', 8],
  ['Ali', 7], ['Othman', 4], ['Saleh', 5], ['Darwish', 4], ['Hamdan', 3], ['Youssef', 5], ['Alkhatib', 3],
  ['Najjar', 3], ['Al-Hussein', 4], ['Sheikh Mousa', 2], ['Abdo', 3], ['Hamo', 2], ['Suleiman', 4],
];

export const romanianFamilyNames: readonly (readonly [string, number])[] = [
  ['Popescu', 8], ['Ionescu', 5], ['Popa', 7], ['Pop', 6], ['Radu', 5], ['Dumitru', 5], ['Stan', 4], ['Stoica', 4],
  ['Gheorghe', 4], ['Munteanu', 4], ['Constantin', 4], ['Matei', 3], ['Rusu', 4], ['Lungu', 3], ['Ștefan', 2], ['Mureșan', 3],
];

export const italianFamilyNames: readonly (readonly [string, number])[] = [
  ['Rossi', 8], ['Russo', 7], ['Ferrari', 5], ['Esposito', 6], ['Bianchi', 4], ['Romano', 4], ['Colombo', 3],
  ['Ricci', 3], ['Marino', 3], ['Greco', 3], ['Bruno', 3], ['Gallo', 3], ['Conti', 3], ['De Luca', 3], ["D'Angelo", 2],
  ['Lombardi', 2], ['Caruso', 3], ['Di Stefano', 2],
];

/** Greek family names: the feminine form is the genitive (Papadopoulos / Papadopoulou). */
export const greekFamilyNames: readonly (readonly [[string, string], number])[] = [
  [['Papadopoulos', 'Papadopoulou'], 8], [['Georgiou', 'Georgiou'], 5], [['Dimitriou', 'Dimitriou'], 4],
  [['Nikolaou', 'Nikolaou'], 4], [['Ioannidis', 'Ioannidou'], 4], [['Konstantinidis', 'Konstantinidou'], 3],
  [['Papas', 'Papa'], 3], [['Vlachos', 'Vlachou'], 3], [['Karagiannis', 'Karagianni'], 3], [['Oikonomou', 'Oikonomou'], 3],
  [['Papadakis', 'Papadaki'], 3],
];

export const ukrainianFamilyNames: readonly (readonly [string, number])[] = [
  ['Melnyk', 8], ['Shevchenko', 8], ['Kovalenko', 7], ['Bondarenko', 7], ['Tkachenko', 6], ['Kravchenko', 5],
  ['Boiko', 6], ['Kovalchuk', 5], ['Oliinyk', 4], ['Shevchuk', 4], ['Polishchuk', 4], ['Lysenko', 4],
  ['Marchenko', 3], ['Rudenko', 3], ['Savchenko', 3], ['Moroz', 3],
];

/** Ukrainian names are mostly a stem and a patronymic or occupational suffix (Koval + enko, Bondar + chuk). */
export const ukrainianStems = [
  'Koval', 'Bondar', 'Tkach', 'Kravch', 'Melnych', 'Petr', 'Ivan', 'Pavl', 'Savch', 'Marty', 'Hrytsen', 'Levch', 'Ostap',
  'Zakhar', 'Kyryl', 'Romanch', 'Semen', 'Vasyl', 'Fedor', 'Dmytr', 'Yurch', 'Makar', 'Taras', 'Hnat', 'Kuz', 'Lytvyn',
];
export const ukrainianEndings = ['enko', 'uk', 'chuk', 'yk', 'ych', 'ak', 'iv', 'ovych'];

/** Smaller communities: Bulgaria, Kosovo, Iraq (Kurdish), Croatia, Spain, Afghanistan and others. */
export const otherFamilyNames: readonly (readonly [[string, string], number, string])[] = [
  [['Ivanov', 'Ivanova'], 4, 'BG'], [['Georgiev', 'Georgieva'], 3, 'BG'], [['Dimitrov', 'Dimitrova'], 3, 'BG'], [['Petrov', 'Petrova'], 3, 'BG'],
  [['Nikolov', 'Nikolova'], 2, 'BG'], [['Stoyanov', 'Stoyanova'], 2, 'BG'], [['Todorov', 'Todorova'], 2, 'BG'], [['Angelov', 'Angelova'], 1, 'BG'],
  [['Berisha', 'Berisha'], 4, 'XK'], [['Krasniqi', 'Krasniqi'], 4, 'XK'], [['Gashi', 'Gashi'], 3, 'XK'], [['Hoxha', 'Hoxha'], 2, 'XK'],
  [['Morina', 'Morina'], 2, 'XK'], [['Shala', 'Shala'], 2, 'XK'], [['Bytyqi', 'Bytyqi'], 2, 'XK'], [['Kastrati', 'Kastrati'], 1, 'XK'], [['Rexhepi', 'Rexhepi'], 1, 'XK'],
  [['Murad', 'Murad'], 3, 'IQ'], [['Khalaf', 'Khalaf'], 3, 'IQ'], [['Haji', 'Haji'], 3, 'IQ'], [['Ali', 'Ali'], 2, 'IQ'], [['Hassan', 'Hassan'], 2, 'IQ'],
  [['Qasim', 'Qasim'], 2, 'IQ'], [['Barzani', 'Barzani'], 1, 'IQ'], [['Omar', 'Omar'], 1, 'IQ'], [['Ibrahim', 'Ibrahim'], 1, 'IQ'],
  [['Horvat', 'Horvat'], 3, 'HR'], [['Kovačević', 'Kovačević'], 3, 'HR'], [['Babić', 'Babić'], 2, 'HR'], [['Jurić', 'Jurić'], 2, 'HR'],
  [['Marić', 'Marić'], 2, 'HR'], [['Novak', 'Novak'], 2, 'HR'], [['Knežević', 'Knežević'], 1, 'HR'], [['Vuković', 'Vuković'], 1, 'HR'],
  [['García', 'García'], 2, 'ES'], [['Fernández', 'Fernández'], 2, 'ES'], [['Rodríguez', 'Rodríguez'], 2, 'ES'], [['López', 'López'], 1, 'ES'],
  [['Martínez', 'Martínez'], 1, 'ES'], [['Sánchez', 'Sánchez'], 1, 'ES'], [['Pérez', 'Pérez'], 1, 'ES'], [['Gómez', 'Gómez'], 1, 'ES'],
  [['Ahmadi', 'Ahmadi'], 3, 'AF'], [['Hosseini', 'Hosseini'], 2, 'AF'], [['Rahimi', 'Rahimi'], 2, 'AF'], [['Sultani', 'Sultani'], 1, 'AF'],
  [['Noori', 'Noori'], 1, 'AF'], [['Karimi', 'Karimi'], 1, 'AF'], [['Safi', 'Safi'], 1, 'AF'], [['Popal', 'Popal'], 1, 'AF'],
  [['Nguyễn', 'Nguyễn'], 2, 'VN'], [['Trần', 'Trần'], 1, 'VN'], [['Lê', 'Lê'], 1, 'VN'], [['Phạm', 'Phạm'], 1, 'VN'], [['Hoàng', 'Hoàng'], 1, 'VN'],
  [['Okafor', 'Okafor'], 1, 'NG'], [['Adeyemi', 'Adeyemi'], 1, 'NG'], [['Okonkwo', 'Okonkwo'], 1, 'NG'], [['Balogun', 'Balogun'], 1, 'NG'],
  [['Sokolov', 'Sokolova'], 2, 'RU'], [['Smirnov', 'Smirnova'], 2, 'RU'], [['Kuznetsov', 'Kuznetsova'], 1, 'RU'], [['Popov', 'Popova'], 1, 'RU'], [['Volkov', 'Volkova'], 1, 'RU'],
  [['Dos Santos', 'Dos Santos'], 1, 'PT'], [['Silva', 'Silva'], 2, 'PT'], [['Ferreira', 'Ferreira'], 1, 'PT'], [['Pereira', 'Pereira'], 1, 'PT'], [['Costa', 'Costa'], 1, 'PT'],
  [['Wang', 'Wang'], 1, 'CN'], [['Li', 'Li'], 1, 'CN'], [['Zhang', 'Zhang'], 1, 'CN'], [['Liu', 'Liu'], 1, 'CN'], [['Chen', 'Chen'], 1, 'CN'],
  [['Kumar', 'Kumar'], 1, 'IN'], [['Singh', 'Kaur'], 1, 'IN'], [['Sharma', 'Sharma'], 1, 'IN'], [['Patel', 'Patel'], 1, 'IN'], [['Reddy', 'Reddy'], 1, 'IN'],
  [['Mahmoudi', 'Mahmoudi'], 1, 'IR'], [['Rezaei', 'Rezaei'], 1, 'IR'], [['Moradi', 'Moradi'], 1, 'IR'], [['Jafari', 'Jafari'], 1, 'IR'],
];

/**
 * The long tail: most Germans carry a name that is rare nationally. In Westphalia many are
 * farmstead compounds (Brinkmann, Hülshoff, Osterkamp); in the Ruhr, Germanised Polish names
 * ending in -ski. Composing them keeps the head of the ranking at realistic shares.
 */
export const westphalianStems = [
  'Brink', 'Kemp', 'Holt', 'Wester', 'Oster', 'Nieder', 'Ober', 'Kort', 'Lang', 'Hage', 'Bruck', 'Feld', 'Hof', 'Horst', 'Kamp',
  'Schür', 'Stein', 'Wies', 'Linden', 'Rade', 'Tie', 'Wort', 'Plass', 'Buss', 'Heit', 'Hüls', 'Dahl', 'Sonnen', 'Möll', 'Berg',
  'Busch', 'Esch', 'Grote', 'Kött', 'Beck', 'Pott', 'Bött', 'Lohr', 'Wever', 'Kuhl', 'Hövel', 'Strot', 'Mers', 'Rüt', 'Vogel',
  'Alt', 'Balk', 'Bern', 'Blom', 'Bock', 'Bram', 'Dreh', 'Ebb', 'Eick', 'Elver', 'Finke', 'Fleck', 'Gier', 'Gött', 'Greve',
  'Haar', 'Hack', 'Hamm', 'Harde', 'Hell', 'Hen', 'Hilge', 'Hinter', 'Hol', 'Hunte', 'Iser', 'Kett', 'Klö', 'Kreuz', 'Krum',
  'Lammer', 'Lüd', 'Marl', 'Mest', 'Nagel', 'Nie', 'Ost', 'Pagen', 'Peper', 'Rehr', 'Renne', 'Ring', 'Rott', 'Sand', 'Schlüt',
  'Schwer', 'Spiek', 'Stork', 'Stroh', 'Tüt', 'Uhlen', 'Vors', 'Wall', 'Wenne', 'Wind', 'Winkel', 'Witt', 'Wulf', 'Zur',
];
export const westphalianEndings = [
  'mann', 'kamp', 'haus', 'hoff', 'brink', 'meier', 'beck', 'horst', 'berg', 'feld', 'kötter', 'hues', 'kemper', 'hövel', 'loh',
  'wede', 'möller', 'busch', 'dieck', 'kötter', 'sieck', 'holt', 'hage', 'winkel', 'ing', 'inghaus', 'kate', 'kuhle', 'wald', 'rath',
];
/** Westphalian double names of farmsteads: "Schulte-Brinkmann", "Große Kemper", "Meyer zu Osterhaus". */
export const westphalianPrefixes = ['Schulte-', 'Große ', 'Meyer zu ', 'ter ', 'Nie', 'Kleine-', 'Brüggemann-', 'auf der '];
export const polishStems = [
  'Kowal', 'Kamin', 'Grabow', 'Jankow', 'Lewandow', 'Szyman', 'Schiman', 'Kozlow', 'Dombrow', 'Olschew', 'Wischnew', 'Pawlow',
  'Sobot', 'Majew', 'Rogal', 'Czerwin', 'Zielin', 'Michal', 'Jablon', 'Nowic', 'Kasprzyk', 'Malin', 'Stan', 'Wojtkow',
  'Adam', 'Bartkow', 'Borkow', 'Chmiel', 'Dudzin', 'Gorzel', 'Gruschin', 'Jaschin', 'Kalin', 'Kasin', 'Klimek', 'Kornat',
  'Krawczyk', 'Kubic', 'Lipin', 'Marcin', 'Matusz', 'Mrozow', 'Nierad', 'Osin', 'Pieczk', 'Podlas', 'Rutkow', 'Sadow',
  'Skrzyp', 'Sliwin', 'Stemplew', 'Tomasz', 'Urban', 'Wawrzyn', 'Wieczor', 'Wilczek', 'Wrobel', 'Zales', 'Zawadz', 'Zurek',
];
/** Germanised Polish endings in the Ruhr: Kowalski, Kowalczyk, Kowallek, Kowalla. */
export const polishEndings = ['ski', 'ski', 'ski', 'zik', 'czyk', 'ek', 'ak', 'iak', 'a', 'ka', 'owski', 'ewski'];

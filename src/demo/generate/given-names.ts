/**
 * Given names by birth decade and sex, most popular first (after the yearly rankings
 * compiled from birth registrations). German fashions changed completely every few decades,
 * so a Gertrud is nearly always over 80 and a Leon nearly always under 25.
 */
export interface GivenNamesBySex {
  w: readonly string[];
  m: readonly string[];
}

export const germanGivenNamesByDecade: Readonly<Record<number, GivenNamesBySex>> = {
  1910: {
    w: ['Gertrud', 'Elisabeth', 'Maria', 'Anna', 'Margarete', 'Martha', 'Frieda', 'Hedwig', 'Käthe', 'Erna', 'Else', 'Luise', 'Helene', 'Johanna', 'Emma', 'Charlotte', 'Herta', 'Ilse', 'Wilhelmine', 'Auguste'],
    m: ['Wilhelm', 'Karl', 'Heinrich', 'Hermann', 'Friedrich', 'Johann', 'Paul', 'Otto', 'Walter', 'Fritz', 'Ernst', 'Josef', 'August', 'Willi', 'Hans', 'Franz', 'Richard', 'Erich', 'Alfred', 'Gustav'],
  },
  1920: {
    w: ['Gertrud', 'Ilse', 'Hildegard', 'Ursula', 'Irmgard', 'Erna', 'Elisabeth', 'Charlotte', 'Gerda', 'Margarete', 'Käthe', 'Anneliese', 'Hedwig', 'Else', 'Herta', 'Lieselotte', 'Edith', 'Frieda', 'Martha', 'Anna', 'Maria', 'Luise', 'Helene', 'Johanna', 'Elfriede'],
    m: ['Hans', 'Karl', 'Heinz', 'Werner', 'Kurt', 'Günter', 'Walter', 'Helmut', 'Herbert', 'Gerhard', 'Wilhelm', 'Friedrich', 'Ernst', 'Otto', 'Paul', 'Willi', 'Rudolf', 'Heinrich', 'Erich', 'Horst', 'Fritz', 'Alfred', 'Hermann', 'Josef', 'Johann'],
  },
  1930: {
    w: ['Ursula', 'Helga', 'Gisela', 'Ingrid', 'Renate', 'Inge', 'Gerda', 'Ilse', 'Hannelore', 'Brigitte', 'Anneliese', 'Erika', 'Elfriede', 'Edith', 'Christa', 'Irmgard', 'Lieselotte', 'Marianne', 'Waltraud', 'Margot', 'Gertrud', 'Käthe', 'Rosemarie', 'Hildegard', 'Ruth'],
    m: ['Günter', 'Horst', 'Gerhard', 'Heinz', 'Klaus', 'Hans', 'Werner', 'Manfred', 'Dieter', 'Helmut', 'Karl', 'Kurt', 'Rolf', 'Gerd', 'Wolfgang', 'Rudolf', 'Herbert', 'Walter', 'Hans-Joachim', 'Joachim', 'Siegfried', 'Peter', 'Erich', 'Wilhelm', 'Harald'],
  },
  1940: {
    w: ['Renate', 'Karin', 'Monika', 'Ingrid', 'Helga', 'Brigitte', 'Gisela', 'Ursula', 'Christa', 'Marianne', 'Elke', 'Barbara', 'Christel', 'Rosemarie', 'Hannelore', 'Inge', 'Erika', 'Gudrun', 'Jutta', 'Bärbel', 'Doris', 'Sigrid', 'Edith', 'Irene', 'Heidemarie'],
    m: ['Peter', 'Klaus', 'Hans', 'Jürgen', 'Wolfgang', 'Dieter', 'Manfred', 'Bernd', 'Horst', 'Gerhard', 'Günter', 'Uwe', 'Werner', 'Rainer', 'Karl-Heinz', 'Heinz', 'Hans-Jürgen', 'Detlef', 'Lothar', 'Helmut', 'Gerd', 'Winfried', 'Norbert', 'Rolf', 'Hartmut'],
  },
  1950: {
    w: ['Monika', 'Petra', 'Gabriele', 'Karin', 'Ursula', 'Renate', 'Brigitte', 'Angelika', 'Barbara', 'Christine', 'Elke', 'Birgit', 'Martina', 'Susanne', 'Heike', 'Marion', 'Doris', 'Jutta', 'Beate', 'Regina', 'Cornelia', 'Ute', 'Andrea', 'Bärbel', 'Sigrid'],
    m: ['Peter', 'Michael', 'Thomas', 'Klaus', 'Wolfgang', 'Jürgen', 'Hans', 'Uwe', 'Manfred', 'Bernd', 'Dieter', 'Rainer', 'Werner', 'Günter', 'Norbert', 'Frank', 'Andreas', 'Ralf', 'Detlef', 'Reinhard', 'Hans-Peter', 'Gerhard', 'Joachim', 'Wilfried', 'Ulrich'],
  },
  1960: {
    w: ['Sabine', 'Susanne', 'Petra', 'Birgit', 'Andrea', 'Claudia', 'Gabriele', 'Martina', 'Heike', 'Karin', 'Monika', 'Ute', 'Kerstin', 'Anja', 'Christine', 'Angelika', 'Silke', 'Katrin', 'Nicole', 'Manuela', 'Elke', 'Simone', 'Bettina', 'Beate', 'Iris'],
    m: ['Thomas', 'Michael', 'Andreas', 'Frank', 'Stefan', 'Jürgen', 'Peter', 'Uwe', 'Ralf', 'Martin', 'Matthias', 'Markus', 'Klaus', 'Jörg', 'Oliver', 'Dirk', 'Christian', 'Bernd', 'Holger', 'Carsten', 'Torsten', 'Wolfgang', 'Rainer', 'Olaf', 'Detlef'],
  },
  1970: {
    w: ['Stefanie', 'Nicole', 'Sandra', 'Andrea', 'Claudia', 'Melanie', 'Anja', 'Tanja', 'Katrin', 'Christina', 'Daniela', 'Susanne', 'Silke', 'Kerstin', 'Sabine', 'Julia', 'Martina', 'Petra', 'Nadine', 'Jessica', 'Bianca', 'Simone', 'Birgit', 'Yvonne', 'Manuela'],
    m: ['Michael', 'Andreas', 'Stefan', 'Thomas', 'Christian', 'Frank', 'Markus', 'Martin', 'Sven', 'Oliver', 'Matthias', 'Dirk', 'Daniel', 'Alexander', 'Jan', 'Jens', 'Marco', 'Torsten', 'Carsten', 'Tobias', 'Mario', 'Marc', 'Björn', 'Dennis', 'Sebastian'],
  },
  1980: {
    w: ['Julia', 'Katharina', 'Christina', 'Sarah', 'Stefanie', 'Jennifer', 'Nicole', 'Sandra', 'Melanie', 'Anna', 'Jessica', 'Laura', 'Lisa', 'Daniela', 'Sabrina', 'Vanessa', 'Kathrin', 'Nadine', 'Claudia', 'Tanja', 'Janina', 'Kristina', 'Jasmin', 'Annika', 'Carina'],
    m: ['Christian', 'Michael', 'Sebastian', 'Daniel', 'Stefan', 'Jan', 'Alexander', 'Tobias', 'Dennis', 'Florian', 'Patrick', 'Philipp', 'Marcel', 'Andreas', 'Thomas', 'Markus', 'Matthias', 'Martin', 'David', 'Kevin', 'Benjamin', 'Tim', 'Dominik', 'Sven', 'Marco'],
  },
  1990: {
    w: ['Julia', 'Lisa', 'Laura', 'Sarah', 'Anna', 'Lena', 'Katharina', 'Jana', 'Vanessa', 'Michelle', 'Jessica', 'Alina', 'Johanna', 'Leonie', 'Annika', 'Sophie', 'Lea', 'Jennifer', 'Kim', 'Nina', 'Hannah', 'Franziska', 'Christina', 'Celina', 'Marie'],
    m: ['Jan', 'Tim', 'Lukas', 'Niklas', 'Daniel', 'Kevin', 'Philipp', 'Alexander', 'Florian', 'Tobias', 'Marcel', 'Dennis', 'Patrick', 'Sebastian', 'Jonas', 'Fabian', 'Max', 'Felix', 'Christian', 'Michael', 'Dominik', 'Nico', 'Marvin', 'Pascal', 'Moritz'],
  },
  2000: {
    w: ['Lea', 'Lena', 'Anna', 'Laura', 'Sarah', 'Leonie', 'Hannah', 'Lara', 'Julia', 'Lisa', 'Johanna', 'Emily', 'Sophie', 'Marie', 'Alina', 'Celina', 'Michelle', 'Vanessa', 'Jana', 'Jasmin', 'Luisa', 'Mia', 'Nele', 'Pia', 'Sophia'],
    m: ['Lukas', 'Jan', 'Tim', 'Finn', 'Leon', 'Niklas', 'Jonas', 'Luca', 'Paul', 'Felix', 'Maximilian', 'Tom', 'Ben', 'Luis', 'Moritz', 'Julian', 'Philipp', 'Noah', 'Elias', 'Nico', 'Jannik', 'Fabian', 'Max', 'Alexander', 'Marvin'],
  },
  2010: {
    w: ['Mia', 'Emma', 'Hannah', 'Sophia', 'Emilia', 'Lina', 'Marie', 'Lea', 'Anna', 'Lena', 'Leonie', 'Mila', 'Ella', 'Clara', 'Lara', 'Leni', 'Amelie', 'Johanna', 'Emily', 'Sophie', 'Luisa', 'Frieda', 'Ida', 'Maja', 'Lia'],
    m: ['Ben', 'Paul', 'Jonas', 'Elias', 'Leon', 'Finn', 'Noah', 'Luis', 'Lukas', 'Felix', 'Luca', 'Maximilian', 'Henry', 'Emil', 'Theo', 'Liam', 'Louis', 'Anton', 'Jakob', 'Milan', 'Oskar', 'Matteo', 'Moritz', 'Julian', 'David'],
  },
  2020: {
    w: ['Emilia', 'Mia', 'Sophia', 'Hannah', 'Emma', 'Lina', 'Mila', 'Ella', 'Lea', 'Clara', 'Leni', 'Marie', 'Lia', 'Frieda', 'Mathilda', 'Ida', 'Luisa', 'Lotta', 'Lara', 'Amelie', 'Anna', 'Johanna', 'Sophie', 'Nora', 'Maja'],
    m: ['Noah', 'Matteo', 'Elias', 'Finn', 'Leon', 'Theo', 'Paul', 'Emil', 'Henry', 'Ben', 'Luca', 'Felix', 'Jonas', 'Louis', 'Anton', 'Liam', 'Leo', 'Luis', 'Milan', 'Oskar', 'Mats', 'Jakob', 'Lukas', 'Max', 'Karl'],
  },
};

/** Traditional second and third given names, which change with fashion far less than first names. */
export const germanMiddleNames: GivenNamesBySex = {
  w: ['Maria', 'Elisabeth', 'Marie', 'Sophie', 'Charlotte', 'Luise', 'Katharina', 'Johanna', 'Margarete', 'Anna', 'Christine', 'Helene', 'Magdalena', 'Theresa'],
  m: ['Johannes', 'Josef', 'Wilhelm', 'Friedrich', 'Alexander', 'Maria', 'Karl', 'Heinrich', 'Peter', 'Michael', 'Paul', 'Georg', 'Christian', 'Maximilian'],
};

export const turkishGivenNames: GivenNamesBySex = {
  w: ['Ayşe', 'Fatma', 'Emine', 'Hatice', 'Zeynep', 'Elif', 'Meryem', 'Esra', 'Merve', 'Büşra', 'Derya', 'Gül', 'Sibel', 'Hülya', 'Özlem', 'Nur', 'Ebru', 'Melek', 'Selin', 'Aylin', 'Defne', 'Eylül', 'Ecrin', 'Asya'],
  m: ['Mehmet', 'Mustafa', 'Ahmet', 'Ali', 'Hüseyin', 'Hasan', 'İbrahim', 'Murat', 'Emre', 'Yusuf', 'Ömer', 'Kemal', 'Osman', 'Burak', 'Can', 'Serkan', 'Cem', 'Deniz', 'Eren', 'Kerem', 'Arda', 'Emir', 'Mert', 'Yiğit'],
};

export const polishGivenNames: GivenNamesBySex = {
  w: ['Anna', 'Maria', 'Katarzyna', 'Małgorzata', 'Agnieszka', 'Barbara', 'Ewa', 'Krystyna', 'Magdalena', 'Joanna', 'Aleksandra', 'Monika', 'Zofia', 'Zuzanna', 'Julia', 'Natalia', 'Wiktoria'],
  m: ['Piotr', 'Krzysztof', 'Andrzej', 'Tomasz', 'Paweł', 'Jan', 'Michał', 'Marcin', 'Marek', 'Grzegorz', 'Łukasz', 'Adam', 'Jakub', 'Kamil', 'Mateusz', 'Szymon', 'Wojciech'],
};

export const arabicGivenNames: GivenNamesBySex = {
  w: ['Fatima', 'Aisha', 'Maryam', 'Noor', 'Rania', 'Hiba', 'Lana', 'Sara', 'Amal', 'Yasmin', 'Rama', 'Lamar', 'Sham', 'Hala', 'Rasha', 'Dima'],
  m: ['Mohammad', 'Ahmad', 'Ali', 'Omar', 'Khaled', 'Mahmoud', 'Hussein', 'Abdullah', 'Yousef', 'Ibrahim', 'Hassan', 'Adam', 'Karam', 'Amir', 'Tarek', 'Bilal'],
};

export const romanianGivenNames: GivenNamesBySex = {
  w: ['Maria', 'Elena', 'Ioana', 'Andreea', 'Alexandra', 'Mihaela', 'Ana', 'Cristina', 'Gabriela', 'Daniela', 'Alina', 'Roxana'],
  m: ['Ion', 'Andrei', 'Alexandru', 'Gheorghe', 'Mihai', 'Constantin', 'Florin', 'Ionuț', 'Adrian', 'Cristian', 'Marius', 'Ștefan'],
};

export const italianGivenNames: GivenNamesBySex = {
  w: ['Giuseppina', 'Maria', 'Anna', 'Rosa', 'Francesca', 'Giulia', 'Chiara', 'Sofia', 'Laura', 'Angela', 'Antonella'],
  m: ['Giuseppe', 'Giovanni', 'Antonio', 'Salvatore', 'Francesco', 'Mario', 'Luigi', 'Marco', 'Alessandro', 'Luca', 'Matteo', 'Lorenzo'],
};

export const greekGivenNames: GivenNamesBySex = {
  w: ['Maria', 'Eleni', 'Aikaterini', 'Vasiliki', 'Sofia', 'Georgia', 'Anastasia', 'Dimitra', 'Ioanna', 'Despina'],
  m: ['Georgios', 'Dimitrios', 'Konstantinos', 'Ioannis', 'Nikolaos', 'Christos', 'Panagiotis', 'Vasilios', 'Athanasios', 'Evangelos'],
};

export const ukrainianGivenNames: GivenNamesBySex = {
  w: ['Olena', 'Iryna', 'Nataliia', 'Tetiana', 'Oksana', 'Yuliia', 'Svitlana', 'Anastasiia', 'Sofiia', 'Viktoriia', 'Mariia', 'Daryna'],
  m: ['Oleksandr', 'Serhii', 'Andrii', 'Dmytro', 'Volodymyr', 'Mykola', 'Ivan', 'Yurii', 'Maksym', 'Artem', 'Bohdan', 'Vladyslav'],
};

/** Russian-German Spätaussiedler families: German family names, these given names. */
export const aussiedlerGivenNames: GivenNamesBySex = {
  w: ['Olga', 'Natalia', 'Irina', 'Lilli', 'Tatjana', 'Swetlana', 'Elena', 'Valentina', 'Ljudmila', 'Anna', 'Erna', 'Viktoria'],
  m: ['Waldemar', 'Viktor', 'Alexander', 'Eduard', 'Andreas', 'Johann', 'Jakob', 'Vitali', 'Sergej', 'Dimitri', 'Eugen', 'Artur'],
};

export const otherGivenNames: Readonly<Record<string, GivenNamesBySex>> = {
  BG: {
    w: ['Maria', 'Ivana', 'Desislava', 'Elena', 'Petya', 'Gergana', 'Silvia', 'Tsvetelina', 'Radostina', 'Nikoleta', 'Yana', 'Kalina', 'Viktoria', 'Mila', 'Teodora'],
    m: ['Georgi', 'Ivan', 'Dimitar', 'Nikolay', 'Stoyan', 'Petar', 'Hristo', 'Todor', 'Krasimir', 'Plamen', 'Yordan', 'Vasil', 'Aleksandar', 'Martin', 'Kaloyan'],
  },
  XK: {
    w: ['Arta', 'Blerta', 'Fjolla', 'Valbona', 'Drita', 'Albana', 'Vjosa', 'Teuta', 'Donika', 'Besa', 'Qendresa', 'Arbnora', 'Edona', 'Mimoza', 'Shqipe'],
    m: ['Arben', 'Besnik', 'Fatmir', 'Driton', 'Valon', 'Agim', 'Blerim', 'Shkelzen', 'Ilir', 'Burim', 'Labinot', 'Fitim', 'Armend', 'Gent', 'Dardan'],
  },
  IQ: {
    w: ['Zahra', 'Nasrin', 'Layla', 'Shirin', 'Rojin', 'Hana', 'Nishtiman', 'Berivan', 'Dilan', 'Jiyan', 'Awaz', 'Sozan', 'Rezan', 'Zeynab', 'Narin'],
    m: ['Ahmed', 'Karwan', 'Dilshad', 'Rebwar', 'Hogir', 'Sherzad', 'Hawre', 'Aram', 'Kawa', 'Bahoz', 'Rizgar', 'Salar', 'Zana', 'Hussein', 'Yousif'],
  },
  HR: {
    w: ['Ana', 'Ivana', 'Marija', 'Petra', 'Josipa', 'Katarina', 'Maja', 'Lucija', 'Nikolina', 'Martina', 'Mirjana', 'Snježana', 'Tena', 'Dora', 'Kristina'],
    m: ['Ivan', 'Marko', 'Josip', 'Luka', 'Tomislav', 'Ante', 'Mario', 'Stjepan', 'Dario', 'Zoran', 'Krešimir', 'Nikola', 'Matej', 'Filip', 'Goran'],
  },
  ES: {
    w: ['María', 'Carmen', 'Lucía', 'Laura', 'Marta', 'Isabel', 'Pilar', 'Cristina', 'Elena', 'Paula', 'Raquel', 'Nuria', 'Rocío', 'Silvia', 'Sara'],
    m: ['José', 'Antonio', 'Javier', 'Pablo', 'Álvaro', 'Manuel', 'Francisco', 'David', 'Daniel', 'Carlos', 'Miguel', 'Rafael', 'Sergio', 'Jorge', 'Alejandro'],
  },
  AF: {
    w: ['Mariam', 'Zahra', 'Freshta', 'Nargis', 'Sahar', 'Parwana', 'Shabnam', 'Zarghona', 'Mursal', 'Madina', 'Nilofar', 'Hasina', 'Farzana', 'Laila', 'Roya'],
    m: ['Ahmad', 'Mohammad', 'Ali', 'Mustafa', 'Jawad', 'Hamid', 'Farid', 'Sayed', 'Rahim', 'Naser', 'Zabihullah', 'Habib', 'Karim', 'Wahid', 'Shafiq'],
  },
  VN: {
    w: ['Lan', 'Hoa', 'Ngọc', 'Thư', 'Hương', 'Linh', 'Mai', 'Trang', 'Thảo', 'Hằng', 'Phương', 'Hạnh'],
    m: ['Minh', 'Đức', 'Huy', 'Nam', 'Tuấn', 'Hùng', 'Dũng', 'Long', 'Quang', 'Thành', 'Sơn', 'Bảo'],
  },
  NG: {
    w: ['Chioma', 'Ngozi', 'Amaka', 'Adaeze', 'Funmilayo', 'Folake', 'Blessing', 'Ifeoma', 'Nneka', 'Yetunde'],
    m: ['Chinedu', 'Emeka', 'Obinna', 'Oluwaseun', 'Tunde', 'Ikenna', 'Chukwuemeka', 'Adebayo', 'Femi', 'Uche'],
  },
  RU: {
    w: ['Anastasia', 'Ekaterina', 'Olga', 'Natalia', 'Tatiana', 'Irina', 'Svetlana', 'Yulia', 'Maria', 'Daria', 'Polina', 'Ksenia'],
    m: ['Dmitri', 'Alexei', 'Sergei', 'Mikhail', 'Andrei', 'Ivan', 'Nikolai', 'Pavel', 'Artem', 'Roman', 'Yuri', 'Oleg'],
  },
  PT: {
    w: ['Maria', 'Ana', 'Beatriz', 'Inês', 'Catarina', 'Sofia', 'Joana', 'Mariana', 'Rita', 'Carla', 'Sandra', 'Filipa'],
    m: ['João', 'José', 'António', 'Tiago', 'Pedro', 'Rui', 'Miguel', 'Nuno', 'Ricardo', 'Paulo', 'Luís', 'Bruno'],
  },
  CN: {
    w: ['Mei', 'Xiaoling', 'Yan', 'Jing', 'Li', 'Fang', 'Xiu', 'Ying', 'Hui', 'Lina', 'Qian', 'Yue'],
    m: ['Wei', 'Jun', 'Hao', 'Lei', 'Tao', 'Ming', 'Qiang', 'Jie', 'Bo', 'Yang', 'Feng', 'Chen'],
  },
  IN: {
    w: ['Priya', 'Ananya', 'Pooja', 'Divya', 'Sneha', 'Kavya', 'Neha', 'Aishwarya', 'Shreya', 'Lakshmi', 'Meera', 'Deepika'],
    m: ['Rahul', 'Arjun', 'Vikram', 'Amit', 'Rohan', 'Karthik', 'Sanjay', 'Aditya', 'Nikhil', 'Suresh', 'Rajesh', 'Varun'],
  },
  IR: {
    w: ['Maryam', 'Sara', 'Niloufar', 'Shirin', 'Fatemeh', 'Zahra', 'Mahsa', 'Parisa', 'Roya', 'Leila', 'Nasrin', 'Azadeh'],
    m: ['Reza', 'Ali', 'Amir', 'Babak', 'Mehdi', 'Hossein', 'Saeed', 'Arash', 'Kaveh', 'Dariush', 'Hamid', 'Farhad'],
  },
};

/** Names German-Turkish parents of the third generation choose: they work in both languages. */
export const crossoverGivenNames: GivenNamesBySex = {
  w: ['Lara', 'Elif', 'Deniz', 'Aylin', 'Mira', 'Leyla', 'Selin', 'Lina', 'Sara', 'Defne', 'Ela', 'Maya'],
  m: ['Can', 'Deniz', 'Emir', 'Aras', 'Kerem', 'Levin', 'Mert', 'Yusuf', 'Emil', 'Kaan', 'Luca', 'Ali'],
};

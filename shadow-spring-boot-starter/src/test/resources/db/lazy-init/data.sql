insert into greetings (name) values ('hello');
insert into greetings (name) values ('bonjour');

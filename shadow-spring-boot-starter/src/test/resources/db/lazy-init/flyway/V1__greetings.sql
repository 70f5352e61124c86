create table greetings (name varchar(40) primary key);
